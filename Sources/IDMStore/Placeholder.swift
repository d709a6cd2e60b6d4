import IDMDomain
public enum IDMStorePlaceholder {}
