using System;

namespace AmoWidget.Bench
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "manifest") return ManifestBench.Run(args);
            if (args.Length > 0 && args[0] == "validate") return ValidationBench.Run(args);
            if (args.Length > 0 && args[0] == "api") return ApiBench.Run(args);
            Console.Error.WriteLine("usage: AmoWidget.Bench <benchmark>");
            return 2;
        }
    }
}
