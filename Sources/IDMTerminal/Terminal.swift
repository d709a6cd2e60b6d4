public enum IDMTerminalPlaceholder {}
