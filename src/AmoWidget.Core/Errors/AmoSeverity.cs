namespace AmoWidget
{
    /// <summary>How much a finding matters: an Error fails the check, a Warning fails it only with -Strict.</summary>
    public enum AmoSeverity
    {
        Error,
        Warning,
        Information,
    }
}
