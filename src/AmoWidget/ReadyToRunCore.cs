using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AmoWidget
{
    /// <summary>
    /// Loads the ReadyToRun build of AmoWidget.Core (readytorun/net&lt;major&gt;.0-&lt;rid&gt;/, made by build.ps1 with
    /// crossgen2) before the cmdlets ask for the core, so a PowerShell 7 session runs precompiled code from its first
    /// call instead of compiling the core's methods as they are first used
    /// (https://learn.microsoft.com/dotnet/core/deploying/ready-to-run). An assembly loaded this way is the one the
    /// runtime hands out when AmoWidget.dll binds to AmoWidget.Core by name.
    /// ReadyToRun code is specific to an operating system, processor and .NET major version, and .NET refuses an
    /// image built for another machine format (BadImageFormatException), so the folder is named by all three and
    /// only the one of this process is looked at. The psd1 cannot choose it: a module manifest may read $PSEdition
    /// but not the platform. Anywhere else (Windows PowerShell 5.1 on .NET Framework, a platform the build did not
    /// cover, another .NET major), nothing is loaded here and the netstandard2.0 core beside AmoWidget.dll serves,
    /// compiled as it runs.
    /// It runs first in <see cref="ModuleInitializer.OnImport"/>, which the engine calls after it has listed
    /// AmoWidget.dll's public types and before it reads the cmdlets
    /// (PSSnapInHelpers.AnalyzeModuleAssemblyWithReflection, https://github.com/PowerShell/PowerShell). Listing the
    /// types lays out each one's fields, and a field of a value type from the core (an enum parameter's backing field)
    /// would load the portable core right there; so no public type of AmoWidget.dll has one: an enum parameter keeps
    /// its value in an int (Module.Tests.ps1 holds that).
    /// </summary>
    internal static class ReadyToRunCore
    {
        private const string CoreName = "AmoWidget.Core";

        /// <summary>Loads the precompiled core of this process's platform, when the build made one.</summary>
        public static void Load(string moduleFolder)
        {
            string? folder = Folder(moduleFolder);
            if (folder == null)
            {
                return;
            }

            string precompiled = Path.Combine(folder, CoreName + ".dll");
            try
            {
                // Only the core this AmoWidget.dll was built against: its version from this assembly's own references
                // (already in memory), the file's from its metadata. A core of the same name already loaded (a second
                // import) makes LoadFrom fail with FileLoadException, an IOException: the loaded one serves.
                if (!File.Exists(precompiled) || AssemblyName.GetAssemblyName(precompiled).Version != ExpectedVersion())
                {
                    return;
                }

                Assembly.LoadFrom(precompiled);
            }
            catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                // The precompiled core is an optimisation: when it cannot be read or loaded, the portable one serves.
            }
        }

        /// <summary>The folder of this process's ReadyToRun build (it may not exist), or null on .NET Framework.</summary>
        private static string? Folder(string moduleFolder)
        {
            // RuntimeInformation.RuntimeIdentifier exists from .NET 5 on, not in netstandard2.0, .NET Framework or Mono:
            // where it is missing, no precompiled core can serve.
            string? rid = typeof(RuntimeInformation).GetProperty("RuntimeIdentifier")?.GetValue(null) as string;
            if (string.IsNullOrEmpty(rid))
            {
                return null;
            }

            return Path.Combine(moduleFolder, "readytorun", "net" + Environment.Version.Major + ".0-" + rid);
        }

        private static Version? ExpectedVersion()
        {
            foreach (AssemblyName reference in typeof(ReadyToRunCore).Assembly.GetReferencedAssemblies())
            {
                if (string.Equals(reference.Name, CoreName, StringComparison.OrdinalIgnoreCase))
                {
                    return reference.Version;
                }
            }

            return null;
        }
    }
}
