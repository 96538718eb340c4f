using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace AmoWidget
{
    /// <summary>
    /// Loads the third-party assemblies shipped in the module's <c>dependencies</c> folder.
    /// On PowerShell 7 they go into a private load context, so another module that loads a different
    /// RestSharp or Acornima cannot break this one (or be broken by it). Assemblies the engine already
    /// provides in a version we accept (Newtonsoft.Json on pwsh 7.4+, System.Text.Json on .NET 10) come
    /// from the engine, because the default context resolves them before this handler is asked.
    /// On Windows PowerShell 5.1 there are no load contexts: LoadFrom, matched by simple name, as
    /// powershell.exe itself would do, which also stands in for the binding redirects a .exe.config gives.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
        private static readonly string DependencyFolder = Path.Combine(ModuleFolder, "dependencies");

        // The folder is scanned and the load context made when the first dependency is asked for, not at import:
        // checking a widget folder needs none of them (Acornima comes with a script.js, SharpZipLib with a zip,
        // RestSharp with the account API), and Import-Module's time is part of every session's start.
        private static readonly Lazy<Dictionary<string, string>> Dependencies = new Lazy<Dictionary<string, string>>(ScanDependencies);
        private static readonly Lazy<LoadContextProxy?> PrivateContext = new Lazy<LoadContextProxy?>(() => LoadContextProxy.TryCreate("AmoWidget.Dependencies"));
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, Assembly> Loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);

        public void OnImport()
        {
            // First, before anything asks for the core: on PowerShell 7 the precompiled one. Here rather than in a
            // nested module of its own, which the engine would import as a second module (its own PSModuleInfo, type
            // scan and initializer) on every Import-Module.
            ReadyToRunCore.Load(ModuleFolder);
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // The session's widget dev servers stop with the module, so no listener outlives Remove-Module.
            DevLoop.WidgetServerRegistry.StopSession();
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        private static Dictionary<string, string> ScanDependencies()
        {
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Add(map, DependencyFolder);

            // Where ReadyToRunCore loaded the precompiled core, its dependencies were compiled with it (the
            // JavaScript parser, the zip library...): those take the place of the portable ones in dependencies/.
            string? coreFolder = Path.GetDirectoryName(typeof(AmoException).Assembly.Location);
            if (coreFolder != null && !string.Equals(Path.GetFullPath(coreFolder), Path.GetFullPath(Path.GetDirectoryName(DependencyFolder)!), StringComparison.Ordinal))
            {
                Add(map, coreFolder);
            }

            return map;
        }

        private static void Add(Dictionary<string, string> map, string folder)
        {
            if (Directory.Exists(folder))
            {
                foreach (string file in Directory.EnumerateFiles(folder, "*.dll"))
                {
                    map[Path.GetFileNameWithoutExtension(file)] = file;
                }
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var wanted = new AssemblyName(args.Name);
            if (wanted.Name is null || !Dependencies.Value.TryGetValue(wanted.Name, out string? file))
            {
                return null;
            }

            lock (Gate)
            {
                if (Loaded.TryGetValue(wanted.Name, out Assembly? known))
                {
                    return known;
                }

                // Never hand out an older assembly than the one asked for: let the next resolver try.
                Version? have = AssemblyName.GetAssemblyName(file).Version;
                if (wanted.Version != null && have != null && have < wanted.Version)
                {
                    return null;
                }

                Assembly assembly = PrivateContext.Value is LoadContextProxy context ? context.LoadFromAssemblyPath(file) : Assembly.LoadFrom(file);
                Loaded[wanted.Name] = assembly;
                return assembly;
            }
        }

        /// <summary>System.Runtime.Loader is not in netstandard2.0; reach it by reflection where it exists.</summary>
        private sealed class LoadContextProxy
        {
            private readonly object _context;
            private readonly MethodInfo _loadFromPath;

            private LoadContextProxy(object context, MethodInfo loadFromPath)
            {
                _context = context;
                _loadFromPath = loadFromPath;
            }

            public static LoadContextProxy? TryCreate(string name)
            {
                Type? alc = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
                ConstructorInfo? ctor = alc?.GetConstructor(new[] { typeof(string), typeof(bool) });
                MethodInfo? load = alc?.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
                if (ctor == null || load == null)
                {
                    return null;
                }

                return new LoadContextProxy(ctor.Invoke(new object[] { name, false }), load);
            }

            public Assembly LoadFromAssemblyPath(string path) => (Assembly)_loadFromPath.Invoke(_context, new object[] { path })!;
        }
    }
}
