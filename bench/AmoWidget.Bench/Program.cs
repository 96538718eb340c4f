using System;

namespace AmoWidget.Bench
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "manifest") return ManifestBench.Run(args);
            if (args.Length > 0 && args[0] == "speed") return SpeedBench.Run(args);
            if (args.Length > 0 && args[0] == "api") return ApiBench.Run(args);
            if (args.Length > 0 && args[0] == "compare") return CompareBuilds.Run(args);
            if (args.Length > 0 && args[0] == "moderation") return ModerationBench.Run(args);
            if (args.Length > 0 && args[0] == "moderation-split") return ModerationSplit.Run(args);
            Console.Error.WriteLine("usage: AmoWidget.Bench manifest | speed [manifests] [cold] [scale] [--rounds N] [--loads] | api | compare <build A> <build B> [--rounds N] | moderation [widget folder] [--rounds N] [--batch N] | moderation-split <widget folder> [--rounds N]");
            return 2;
        }
    }
}
