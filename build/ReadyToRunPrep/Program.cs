using System;
using System.IO;
using Mono.Cecil;

namespace AmoWidget.ReadyToRunPrep
{
    /// <summary>
    /// Writes a copy of an assembly with every method's AggressiveOptimization flag cleared:
    /// <c>AmoWidget.ReadyToRunPrep &lt;in.dll&gt; &lt;out.dll&gt;</c>, printing how many methods it changed.
    /// crossgen2 generates no code for a method flagged AggressiveOptimization, and the runtime compiles such a
    /// method with the optimizing JIT on its first call (https://github.com/dotnet/coreclr/pull/20009). Acornima, the
    /// script parser every Test-AmoWidget of a widget with script.js runs, flags its 24 hottest parser methods so
    /// (ParseExprAtom, ParseMaybeUnary, ...): in a fresh PowerShell those were compiled on the first check, the largest
    /// part of its time. The copy is only for the ReadyToRun build (PowerShell 7, readytorun/): there the precompiled
    /// code serves from the first call, and the runtime's tiering still recompiles the methods that turn out hot. The
    /// portable dependencies in dependencies/ stay as published. Mono.Cecil reads and writes the IL, so no IL is
    /// written here.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: AmoWidget.ReadyToRunPrep <in.dll> <out.dll>");
                return 2;
            }

            string input = Path.GetFullPath(args[0]);
            string output = Path.GetFullPath(args[1]);
            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(Path.GetDirectoryName(input));
            int changed = 0;
            using (AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver }))
            {
                foreach (ModuleDefinition module in assembly.Modules)
                {
                    foreach (TypeDefinition type in module.GetTypes())
                    {
                        foreach (MethodDefinition method in type.Methods)
                        {
                            if (method.AggressiveOptimization)
                            {
                                method.AggressiveOptimization = false;
                                changed++;
                            }
                        }
                    }
                }

                Directory.CreateDirectory(Path.GetDirectoryName(output)!);
                if (changed > 0)
                {
                    assembly.Write(output);
                }
            }

            // An assembly without the flag goes to crossgen2 byte for byte as published.
            if (changed == 0)
            {
                File.Copy(input, output, overwrite: true);
            }

            Console.WriteLine($"{Path.GetFileName(input)}: AggressiveOptimization taken off {changed} methods");
            return 0;
        }
    }
}
