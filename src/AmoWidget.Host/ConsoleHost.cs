using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace AmoWidget.Host
{
    /// <summary>A PSHost whose UI writes to the console, so the engine's formatting (and the module's views) shows as in pwsh.</summary>
    internal sealed class ConsoleHost : PSHost
    {
        private readonly ConsoleUI _ui = new ConsoleUI();

        public override string Name => "AmoWidget.Host";

        public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 0);

        public override Guid InstanceId { get; } = Guid.NewGuid();

        public override PSHostUserInterface UI => _ui;

        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

        public int? ExitCode { get; private set; }

        public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

        public override void EnterNestedPrompt() => throw new NotSupportedException("AmoWidget.Host has no nested prompt.");

        public override void ExitNestedPrompt() => throw new NotSupportedException("AmoWidget.Host has no nested prompt.");

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }

        /// <summary>One line per error, as pwsh's concise view: "Command: message".</summary>
        public static string Describe(ErrorRecord record)
        {
            string message = record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString();
            string? command = record.InvocationInfo?.MyCommand?.Name;
            return string.IsNullOrEmpty(command) ? message : command + ": " + message;
        }
    }

    internal sealed class ConsoleUI : PSHostUserInterface
    {
        /// <summary>Colour and style escape sequences, which the engine's formatter writes and a file or pipe must not get.</summary>
        private static readonly Regex Escapes = new Regex("\\x1b(\\[[0-?]*[ -/]*[@-~]|\\][^\\x07\\x1b]*(\\x07|\\x1b\\\\))", RegexOptions.Compiled);

        private static readonly bool Plain = Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

        private readonly ConsoleRawUI _raw = new ConsoleRawUI();

        public override PSHostRawUserInterface RawUI => _raw;

        public override bool SupportsVirtualTerminal => !Plain;

        public override void Write(string value) => Console.Out.Write(Clean(value));

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Console.Out.Write(Clean(value));

        public override void WriteLine(string value) => Console.Out.WriteLine(Clean(value));

        public override void WriteErrorLine(string value) => Console.Error.WriteLine(Clean(value));

        public override void WriteDebugLine(string message) => Console.Error.WriteLine("DEBUG: " + Clean(message));

        public override void WriteVerboseLine(string message) => Console.Error.WriteLine("VERBOSE: " + Clean(message));

        public override void WriteWarningLine(string message) => Console.Error.WriteLine("WARNING: " + Clean(message));

        private static string Clean(string text) => Plain && text.IndexOf('\x1b') >= 0 ? Escapes.Replace(text, string.Empty) : text;

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override string ReadLine()
        {
            RequireInteractive();
            return Console.In.ReadLine() ?? string.Empty;
        }

        public override SecureString ReadLineAsSecureString()
        {
            RequireInteractive();
            var secure = new SecureString();
            for (ConsoleKeyInfo key = Console.ReadKey(true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(true))
            {
                if (key.Key == ConsoleKey.Backspace)
                {
                    if (secure.Length > 0)
                    {
                        secure.RemoveAt(secure.Length - 1);
                    }
                }
                else
                {
                    secure.AppendChar(key.KeyChar);
                }
            }

            Console.Out.WriteLine();
            secure.MakeReadOnly();
            return secure;
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            RequireInteractive();
            if (!string.IsNullOrEmpty(caption))
            {
                WriteLine(caption);
            }

            if (!string.IsNullOrEmpty(message))
            {
                WriteLine(message);
            }

            var result = new Dictionary<string, PSObject>();
            foreach (FieldDescription field in descriptions)
            {
                Write(field.Name + ": ");
                bool secret = field.ParameterTypeFullName == typeof(SecureString).FullName;
                result[field.Name] = secret ? PSObject.AsPSObject(ReadLineAsSecureString()) : PSObject.AsPSObject(ReadLine());
            }

            return result;
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        {
            RequireInteractive();
            WriteLine(caption);
            WriteLine(message);
            if (string.IsNullOrEmpty(userName))
            {
                Write("User: ");
                userName = ReadLine();
            }

            Write("Password for " + userName + ": ");
            return new PSCredential(userName, ReadLineAsSecureString());
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            RequireInteractive();
            WriteLine(caption);
            WriteLine(message);
            var labels = new StringBuilder();
            for (int i = 0; i < choices.Count; i++)
            {
                labels.Append('[').Append(choices[i].Label.Replace("&", string.Empty)).Append("] ");
            }

            while (true)
            {
                Write(labels + "(default " + choices[defaultChoice].Label.Replace("&", string.Empty) + "): ");
                string answer = ReadLine().Trim();
                if (answer.Length == 0)
                {
                    return defaultChoice;
                }

                for (int i = 0; i < choices.Count; i++)
                {
                    string label = choices[i].Label;
                    int amp = label.IndexOf('&');
                    string hotkey = amp >= 0 && amp + 1 < label.Length ? label.Substring(amp + 1, 1) : label.Substring(0, 1);
                    if (string.Equals(answer, hotkey, StringComparison.OrdinalIgnoreCase) || string.Equals(answer, label.Replace("&", string.Empty), StringComparison.OrdinalIgnoreCase))
                    {
                        return i;
                    }
                }
            }
        }

        private static void RequireInteractive()
        {
            if (Console.IsInputRedirected)
            {
                throw new PSInvalidOperationException("AmoWidget.Host cannot prompt: standard input is redirected. Pass every mandatory parameter, and -Confirm:$false where a command asks for confirmation.");
            }
        }
    }

    internal sealed class ConsoleRawUI : PSHostRawUserInterface
    {
        private const int DefaultWidth = 120;

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override Size BufferSize
        {
            get => new Size(Width, 3000);
            set { }
        }

        public override Coordinates CursorPosition { get; set; }

        public override int CursorSize { get; set; } = 1;

        public override bool KeyAvailable => !Console.IsInputRedirected && Console.KeyAvailable;

        public override Size MaxPhysicalWindowSize => new Size(Width, 100);

        public override Size MaxWindowSize => new Size(Width, 100);

        public override Coordinates WindowPosition { get; set; }

        public override Size WindowSize
        {
            get => new Size(Width, 50);
            set { }
        }

        public override string WindowTitle { get; set; } = "AmoWidget.Host";

        /// <summary>The console's width when there is one; a fixed 120 columns when output goes to a file or pipe, so output is reproducible.</summary>
        private static int Width
        {
            get
            {
                if (Console.IsOutputRedirected)
                {
                    return DefaultWidth;
                }

                try
                {
                    return Console.WindowWidth > 0 ? Console.WindowWidth : DefaultWidth;
                }
                catch (System.IO.IOException)
                {
                    return DefaultWidth;
                }
            }
        }

        public override void FlushInputBuffer()
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

        public override KeyInfo ReadKey(ReadKeyOptions options)
        {
            ConsoleKeyInfo key = Console.ReadKey((options & ReadKeyOptions.NoEcho) != 0);
            return new KeyInfo((int)key.Key, key.KeyChar, default, true);
        }

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }
}
