// netstandard2.0 lacks the marker types the C# compiler needs for init accessors and records.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
