namespace AmoWidget
{
    /// <summary>The logos a widget's images/ folder holds: file, pixel size, and when each is required.</summary>
    internal static class AmoLogoCatalog
    {
        /// <summary>A documented logo: file, pixel size, and when it is required.</summary>
        public sealed class Logo
        {
            public Logo(string file, int width, int height, Need need)
            {
                File = file;
                Width = width;
                Height = height;
                Need = need;
            }

            public string File { get; }

            public int Width { get; }

            public int Height { get; }

            public Need Need { get; }
        }

        public enum Need
        {
            Always,
            CardWidgets,
            DigitalPipeline,
        }

        public static readonly Logo[] All =
        {
            new Logo("logo_main.png", 400, 272, Need.Always),
            new Logo("logo_medium.png", 240, 84, Need.CardWidgets),
            new Logo("logo_min.png", 84, 84, Need.CardWidgets),
            new Logo("logo_small.png", 108, 108, Need.Always),
            new Logo("logo.png", 130, 100, Need.Always),
            new Logo("logo_dp.png", 174, 109, Need.DigitalPipeline),
        };
    }
}
