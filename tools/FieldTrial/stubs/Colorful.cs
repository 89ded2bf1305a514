// Field trial stub: the Colorful.Console package is not served here. Only what the samples call.
namespace Colorful
{
    public static class Console
    {
        public static void WriteLine() => System.Console.WriteLine();
        public static void WriteLine(string value) => System.Console.WriteLine(value);
        public static void WriteLine(string value, System.Drawing.Color color) => System.Console.WriteLine(value);
        public static void Write(string value) => System.Console.Write(value);
        public static void Write(string value, System.Drawing.Color color) => System.Console.Write(value);
        public static string ReadLine() => System.Console.ReadLine();
        public static System.ConsoleKeyInfo ReadKey() => System.Console.ReadKey();
        public static int Read() => System.Console.Read();
    }
}
