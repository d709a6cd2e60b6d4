import IDMTerminal
public enum IDMConsolePlaceholder {}
