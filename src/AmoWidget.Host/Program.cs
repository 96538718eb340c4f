using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AmoWidget.Host
{
    /// <summary>
    /// Runs a command or a script in the PowerShell 7 engine with the AmoWidget module imported, printing results
    /// through the engine's own formatting, errors to stderr, and exiting 1 when anything failed.
    /// </summary>
    public static class Program
    {
        private const string Usage = @"AmoWidget.Host: PowerShell with the AmoWidget module, where pwsh is not installed.

Usage:
  AmoWidget.Host -Command <text>            run PowerShell text ('-' reads it from standard input)
  AmoWidget.Host -File <script.ps1> [args]  run a script with arguments
  AmoWidget.Host -Help

Options:
  -Module <path>   the AmoWidget.psd1 to import (default: out/AmoWidget/AmoWidget.psd1, found from the
                   current folder or the program's folder upwards; or $env:AMOWIDGET_MODULE)

The engine carries its core cmdlets only (ForEach-Object, Where-Object, Import-Module, Get-Help,
Get-Command, Test-ModuleManifest, Out-String, ...) and the AmoWidget cmdlets. Utility cmdlets such as
Select-Object, Sort-Object, Format-List, ConvertTo-Json and the file-system cmdlets (Get-ChildItem,
Get-Content) are not part of the engine package: use pwsh for those, or .NET methods.

Exit code: 0 when everything succeeded, 1 when a command wrote an error or failed, the script's own
code for 'exit <n>', 2 for a usage mistake.";

        public static int Main(string[] args)
        {
            string? command = null;
            string? file = null;
            string? module = Environment.GetEnvironmentVariable("AMOWIDGET_MODULE");
            var scriptArgs = new List<string>();

            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                if (file != null)
                {
                    scriptArgs.Add(a);
                }
                else if (IsOption(a, "Command", "c") && i + 1 < args.Length)
                {
                    command = string.Join(" ", args.Skip(i + 1));
                    break;
                }
                else if (IsOption(a, "File", "f") && i + 1 < args.Length)
                {
                    file = args[++i];
                }
                else if (IsOption(a, "Module", "m") && i + 1 < args.Length)
                {
                    module = args[++i];
                }
                else if (IsOption(a, "Help", "h") || a == "-?" || a == "/?")
                {
                    Console.Out.WriteLine(Usage);
                    return 0;
                }
                else
                {
                    Console.Error.WriteLine($"AmoWidget.Host: unknown or incomplete argument '{a}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
                }
            }

            if (command == null && file == null)
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }

            if (command == "-")
            {
                command = Console.In.ReadToEnd();
            }

            module ??= FindModule();
            if (module == null || !File.Exists(module))
            {
                Console.Error.WriteLine("AmoWidget.Host: the module was not found. Build it first (dotnet build AmoWidget.sln), or pass -Module <path to AmoWidget.psd1>.");
                return 2;
            }

            return Run(Path.GetFullPath(module), command, file, scriptArgs);
        }

        private static bool IsOption(string arg, string name, string shortName)
        {
            if (arg.Length < 2 || (arg[0] != '-' && arg[0] != '/'))
            {
                return false;
            }

            string bare = arg.TrimStart('-', '/');
            return string.Equals(bare, name, StringComparison.OrdinalIgnoreCase) || string.Equals(bare, shortName, StringComparison.OrdinalIgnoreCase);
        }

        private static string? FindModule()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "out", "AmoWidget", "AmoWidget.psd1");
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        private static int Run(string module, string? command, string? file, List<string> scriptArgs)
        {
            var host = new ConsoleHost();
            InitialSessionState iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            iss.ImportPSModule(new[] { module });

            using Runspace runspace = RunspaceFactory.CreateRunspace(host, iss);
            runspace.Open();
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            bool failed = false;
            ps.Streams.Error.DataAdded += (s, e) =>
            {
                failed = true;
                host.UI.WriteErrorLine(ConsoleHost.Describe(ps.Streams.Error[e.Index]));
            };

            Console.CancelKeyPress += (s, e) =>
            {
                e.Cancel = true;
                ps.BeginStop(null, null);
            };

            if (file != null)
            {
                ps.AddCommand(Path.GetFullPath(file));
                foreach (string a in scriptArgs)
                {
                    ps.AddArgument(a);
                }
            }
            else
            {
                ps.AddScript(command);
            }

            ps.AddCommand("Out-Default");
            try
            {
                ps.Invoke();
            }
            catch (ExitException ex)
            {
                return LanguagePrimitives.TryConvertTo(ex.Argument, out int exitCode) ? exitCode : 1;
            }
            catch (PipelineStoppedException)
            {
                failed = true;
            }
            catch (RuntimeException ex)
            {
                host.UI.WriteErrorLine(ConsoleHost.Describe(ex.ErrorRecord));
                failed = true;
            }

            if (host.ExitCode is int code)
            {
                return code;
            }

            // A script's 'exit <n>' ends the script and leaves n in $LASTEXITCODE, as pwsh -File reports it.
            if (file != null && runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int scriptCode)
            {
                return scriptCode;
            }

            return failed || ps.HadErrors ? 1 : 0;
        }
    }
}
