using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AmoWidget.Tests
{
    /// <summary>Runs a script with the engine's current location in a folder, as a user who has cd'ed there.</summary>
    internal static class ManifestScripts
    {
        public static PsResult RunIn(string folder, string script, IDictionary<string, object?>? variables = null)
        {
            var all = new Dictionary<string, object?>(variables ?? new Dictionary<string, object?>()) { ["AmoTestFolder"] = folder };
            return PsRunner.Run("$null = $ExecutionContext.SessionState.Path.SetLocation($AmoTestFolder)\n" + script, all);
        }

        /// <summary>Writes a file as UTF-8 without BOM (the text as given, line endings included).</summary>
        public static string Write(string path, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
            return path;
        }

        public static string Read(string path) => new UTF8Encoding(false).GetString(File.ReadAllBytes(path));
    }
}
