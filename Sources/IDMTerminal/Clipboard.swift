import Foundation

/// OSC 52: "set the clipboard to this base64", understood by xterm, iTerm2, kitty, WezTerm,
/// Windows Terminal, foot and others, and by tmux with `set-clipboard on`. Over SSH it reaches
/// the admin's own machine, which is the point: the server's clipboard is nobody's.
public enum Clipboard {
    /// `ESC ] 52 ; c ; BASE64 BEL`: one sequence, the clipboard selection (`c`), nothing else.
    /// BEL rather than ST ends it: more terminals (and tmux before 3.3) accept it.
    public static func osc52(_ text: String) -> [UInt8] {
        Array("\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}".utf8)
    }
}
