namespace AmoWidget.TestServer
{
    public static class Program
    {
        public static int Main(string[] args) => 0;
    }
}
