using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace AmoWidget.HelpGen
{
    /// <summary>
    /// Builds a module's MAML help from one markdown page per command. Gaps (a command without a page, a
    /// parameter without a description, a page without an example) are reported as MSBuild warnings, not
    /// errors: pages are written alongside the cmdlets, and the module help tests are where a gap fails.
    /// </summary>
    public static class Program
    {
        private const string SharedFolder = "shared";
        private const string AllCommands = "All";
        private const string Usage = "usage: AmoWidget.HelpGen --module <module.psd1> --docs <folder of Verb-Noun.md> --out <Module.dll-Help.xml>";

        public static int Main(string[] args)
        {
            string? module = null;
            string? docs = null;
            string? output = null;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--module": module = args[i + 1]; break;
                    case "--docs": docs = args[i + 1]; break;
                    case "--out": output = args[i + 1]; break;
                    default:
                        Console.Error.WriteLine(Usage);
                        return 2;
                }
            }

            if (module == null || docs == null || output == null || args.Length % 2 != 0)
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }

            try
            {
                List<CommandFacts> commands = ReadCommands(Path.GetFullPath(module));
                Dictionary<string, HelpDocument> pages = ReadPages(Path.GetFullPath(docs));
                Dictionary<string, HelpDocument> shared = ReadPages(Path.Combine(Path.GetFullPath(docs), SharedFolder));
                var warnings = new List<string>();
                var help = new List<(CommandFacts, HelpDocument?)>();
                foreach (CommandFacts command in commands)
                {
                    pages.TryGetValue(command.Name, out HelpDocument? page);
                    Check(command, page, Path.GetFullPath(docs), warnings);
                    page?.Notes.AddRange(SharedNotes(command, shared));
                    help.Add((command, page));
                }

                foreach (HelpDocument orphan in pages.Values.Where(p => !commands.Any(c => c.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase))))
                {
                    warnings.Add(Warning(orphan.File, 1, "AWHELP006", $"{orphan.Name} is not a command of the module; the page is not in the help file."));
                }

                foreach (string warning in warnings)
                {
                    Console.Out.WriteLine(warning);
                }

                // A command without a page is left out, so Get-Help shows the engine's generated syntax for it
                // instead of an empty page.
                bool written = WriteIfChanged(Path.GetFullPath(output), MamlWriter.Write(help.Where(h => h.Item2 != null)));
                Console.Out.WriteLine($"AmoWidget.HelpGen: {help.Count(h => h.Item2 != null)} of {help.Count} commands documented, " +
                                      $"{warnings.Count} warning(s); {output} {(written ? "written" : "unchanged")}.");
                return 0;
            }
            catch (Exception ex) when (ex is RuntimeException || ex is IOException || ex is UnauthorizedAccessException || ex is InvalidOperationException)
            {
                Console.Error.WriteLine($"{module}: error AWHELP000: {ex.Message}");
                return 1;
            }
        }

        /// <summary>
        /// The NOTES that several commands share, written once in docs/help/shared: All.md for every command, and
        /// &lt;Parameter&gt;.md for every command that has that parameter (Connection.md: the account API cmdlets).
        /// </summary>
        private static IEnumerable<string> SharedNotes(CommandFacts command, Dictionary<string, HelpDocument> shared) =>
            shared.Where(s => s.Key.Equals(AllCommands, StringComparison.OrdinalIgnoreCase)
                              || command.Parameters.Any(p => p.Name.Equals(s.Key, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(s => s.Key.Equals(AllCommands, StringComparison.OrdinalIgnoreCase) ? 1 : 0)
                .ThenBy(s => s.Key, StringComparer.Ordinal)
                .SelectMany(s => s.Value.Notes);

        /// <summary>Imports the module in a fresh engine and reads every exported command's metadata.</summary>
        private static List<CommandFacts> ReadCommands(string modulePath)
        {
            InitialSessionState iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            using Runspace runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            Runspace.DefaultRunspace = runspace;
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddCommand("Import-Module").AddParameter("Name", modulePath).AddParameter("PassThru").AddParameter("ErrorAction", "Stop");
            PSModuleInfo moduleInfo = ps.Invoke<PSModuleInfo>().Single();
            return moduleInfo.ExportedCommands.Values
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .Select(CommandFacts.From)
                .ToList();
        }

        private static Dictionary<string, HelpDocument> ReadPages(string folder)
        {
            var pages = new Dictionary<string, HelpDocument>(StringComparer.OrdinalIgnoreCase);
            if (!Directory.Exists(folder))
            {
                return pages;
            }

            foreach (string file in Directory.EnumerateFiles(folder, "*.md").OrderBy(f => f, StringComparer.Ordinal))
            {
                HelpDocument page = HelpDocument.Load(file);
                string fromFile = Path.GetFileNameWithoutExtension(file);
                if (!page.Name.Equals(fromFile, StringComparison.OrdinalIgnoreCase))
                {
                    Console.Out.WriteLine(Warning(file, 1, "AWHELP007", $"the page's heading is '# {page.Name}', the file name says {fromFile}: the file name wins."));
                }

                foreach ((int line, string message) in page.Problems)
                {
                    Console.Out.WriteLine(Warning(file, line, "AWHELP005", message));
                }

                pages[fromFile] = page;
            }

            return pages;
        }

        /// <summary>The completeness rules the module help tests enforce, reported early and pointing at the line.</summary>
        private static void Check(CommandFacts command, HelpDocument? page, string docs, List<string> warnings)
        {
            if (page == null)
            {
                warnings.Add(Warning(Path.Combine(docs, command.Name + ".md"), 0, "AWHELP001", $"{command.Name} has no help page: write docs/help/{command.Name}.md."));
                return;
            }

            if (page.Synopsis.Count == 0)
            {
                warnings.Add(Warning(page.File, Line(page, "SYNOPSIS"), "AWHELP002", $"{command.Name}: the SYNOPSIS section is missing or empty."));
            }

            if (page.Description.Count == 0)
            {
                warnings.Add(Warning(page.File, Line(page, "DESCRIPTION"), "AWHELP002", $"{command.Name}: the DESCRIPTION section is missing or empty."));
            }

            if (!page.Examples.Any(e => e.Code.Trim().Length > 0))
            {
                warnings.Add(Warning(page.File, Line(page, "EXAMPLES"), "AWHELP002", $"{command.Name}: there is no example with a ```powershell block."));
            }

            // Get-Help numbers nothing itself: it shows the titles in the page's order, so "Example 6" written
            // between 2 and 3 reads as a gap and a jump.
            for (int i = 0; i < page.Examples.Count; i++)
            {
                string expected = "Example " + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string title = page.Examples[i].Title;
                if (!title.StartsWith(expected, StringComparison.Ordinal) || title.Length > expected.Length && char.IsDigit(title[expected.Length]))
                {
                    warnings.Add(Warning(page.File, page.Examples[i].Line, "AWHELP008", $"{command.Name}: example {i + 1} is titled '{title}': number the examples 1, 2, 3... in order ('### {expected}: ...')."));
                }
            }

            foreach (ParameterFacts p in command.Parameters)
            {
                if (MamlWriter.DescriptionOf(p.Name, page) == null)
                {
                    warnings.Add(Warning(page.File, Line(page, "PARAMETERS"), "AWHELP003", $"{command.Name}: parameter -{p.Name} has no description (### -{p.Name})."));
                }
                else if (!p.Required && !p.IsSwitch && page.Parameters.TryGetValue(p.Name, out HelpEntry? entry) && entry.Default == null)
                {
                    // A parameter that may be left out has a default, even if it is "None" or one worked out at run
                    // time ("the folder's name"): Get-Help shows it under "Default value".
                    warnings.Add(Warning(page.File, entry.Line, "AWHELP009", $"{command.Name}: parameter -{p.Name} may be left out but gives no '{HelpDocument.DefaultValuePrefix} ...' paragraph."));
                }
            }

            foreach (HelpEntry documented in page.Parameters.Values)
            {
                if (!command.Parameters.Any(p => p.Name.Equals(documented.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    warnings.Add(Warning(page.File, documented.Line, "AWHELP004", $"{command.Name} has no parameter -{documented.Name}."));
                }
            }
        }

        private static int Line(HelpDocument page, string section) => page.SectionLines.TryGetValue(section, out int line) ? line : 1;

        /// <summary>MSBuild's canonical message format, so the build lists it as a warning at the file and line.</summary>
        private static string Warning(string file, int line, string code, string message) =>
            line > 0 ? $"{file}({line}): warning {code}: {message}" : $"{file}: warning {code}: {message}";

        /// <summary>
        /// Writes only a changed text, through a temporary file and a move, so an unchanged build leaves the file
        /// (and its date) alone and an interrupted one never leaves half a file.
        /// </summary>
        private static bool WriteIfChanged(string path, string text)
        {
            byte[] bytes = new UTF8Encoding(false).GetBytes(text);
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
            return true;
        }
    }
}
