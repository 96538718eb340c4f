using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AmoWidget
{
    /// <summary>
    /// Loads the ReadyToRun build of AmoWidget.Core (readytorun/net&lt;major&gt;.0-&lt;rid&gt;/, made by build.ps1 with
    /// crossgen2) before the cmdlets' assembly asks for the core, so a PowerShell 7 session runs precompiled code
    /// from its first call instead of compiling the core's methods as they are first used
    /// (https://learn.microsoft.com/dotnet/core/deploying/ready-to-run). An assembly loaded this way is the one the
    /// runtime hands out when AmoWidget.dll binds to AmoWidget.Core by name.
    /// ReadyToRun code is specific to an operating system, processor and .NET major version, and .NET refuses an
    /// image built for another machine format (BadImageFormatException), so the folder is named by all three and
    /// only the one of this process is looked at. The psd1 cannot choose it: a module manifest may read $PSEdition
    /// but not the platform. Anywhere else (Windows PowerShell 5.1 on .NET Framework, a platform the build did not
    /// cover, another .NET major), nothing is loaded here and the netstandard2.0 core beside AmoWidget.dll serves,
    /// compiled as it runs, as before.
    /// </summary>
    public sealed class ReadyToRunLoader : IModuleAssemblyInitializer
    {
        private const string CoreName = "AmoWidget.Core";

        public void OnImport()
        {
            string? folder = Folder();
            if (folder == null)
            {
                return;
            }

            string precompiled = Path.Combine(folder, CoreName + ".dll");
            string portable = Path.Combine(ModuleFolder, CoreName + ".dll");
            try
            {
                if (!File.Exists(precompiled) || IsLoaded(CoreName)
                    || AssemblyName.GetAssemblyName(precompiled).Version != AssemblyName.GetAssemblyName(portable).Version)
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
        internal static string? Folder()
        {
            // RuntimeInformation.RuntimeIdentifier exists from .NET 5 on, not in netstandard2.0 or .NET Framework.
            string? rid = typeof(RuntimeInformation).GetProperty("RuntimeIdentifier")?.GetValue(null) as string;
            if (string.IsNullOrEmpty(rid) || Type.GetType("System.Runtime.Loader.AssemblyLoadContext") == null)
            {
                return null;
            }

            return Path.Combine(ModuleFolder, "readytorun", "net" + Environment.Version.Major + ".0-" + rid);
        }

        private static string ModuleFolder => Path.GetDirectoryName(typeof(ReadyToRunLoader).Assembly.Location) ?? ".";

        private static bool IsLoaded(string name)
        {
            foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (string.Equals(assembly.GetName().Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
