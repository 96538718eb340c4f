using System.Diagnostics;

namespace AmoWidget.Bench
{
    /// <summary>
    /// A fresh pwsh as a user starts it on a machine with only the .NET SDK: <c>dotnet pwsh</c>, the PowerShell the
    /// repository pins as a dotnet local tool (dotnet-tools.json; <c>dotnet tool restore</c> first), run from the
    /// repository root so that the tool manifest is found. Its wall time includes the dotnet host resolving the tool.
    /// </summary>
    public static class PwshProcess
    {
        public static ProcessStartInfo StartInfo(string root, string command)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root,
            };
            foreach (string a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", command })
            {
                start.ArgumentList.Add(a);
            }

            return start;
        }
    }
}
