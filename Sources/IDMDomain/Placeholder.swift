public enum IDMDomainPlaceholder {}
