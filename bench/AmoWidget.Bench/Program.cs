using System;

namespace AmoWidget.Bench
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            Console.Error.WriteLine("usage: AmoWidget.Bench <benchmark>");
            return 2;
        }
    }
}
