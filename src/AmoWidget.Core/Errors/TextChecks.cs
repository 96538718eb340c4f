using System;
using System.IO;

namespace AmoWidget
{
    /// <summary>Checks of text that comes from the user before it reaches a file name, a file or a request.</summary>
    internal static class TextChecks
    {
        /// <summary>Longest value quoted whole in a message; a longer one is shortened, so that an error stays readable.</summary>
        internal const int MaxQuotedLength = 200;

        /// <summary>
        /// The index of the first UTF-16 surrogate without its partner, or -1. Such a char is not Unicode text: UTF-8
        /// cannot encode it, so no manifest, file name or request can hold it.
        /// </summary>
        public static int IndexOfLoneSurrogate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>What is wrong with a path before any file system sees it, or null when nothing is.</summary>
        public static string? PathProblem(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return "the path is empty or only white space";
            }

            int surrogate = IndexOfLoneSurrogate(path);
            if (surrogate >= 0)
            {
                return $"the path holds a lone surrogate (U+{(int)path[surrogate]:X4}) at character {surrogate + 1}, which is not Unicode text";
            }

            int invalid = path.IndexOfAny(Path.GetInvalidPathChars());
            if (invalid >= 0)
            {
                return path[invalid] == '\0'
                    ? $"the path holds a NUL character at character {invalid + 1}, which no file system allows in a name"
                    : $"the path holds the character U+{(int)path[invalid]:X4} at character {invalid + 1}, which this file system does not allow in a name";
            }

            return null;
        }

        /// <summary>
        /// A value to quote in a message: whole up to <paramref name="max"/> chars (200 by default), else its start and
        /// end with the length between, never splitting a surrogate pair.
        /// </summary>
        public static string Shorten(string value, int max = MaxQuotedLength)
        {
            if (value.Length <= max)
            {
                return value;
            }

            int head = max * 2 / 3;
            int tail = max / 4;
            if (char.IsLowSurrogate(value[head]))
            {
                head--;
            }

            if (char.IsLowSurrogate(value[value.Length - tail]))
            {
                tail--;
            }

            return value.Substring(0, head) + $"…({value.Length} characters)…" + value.Substring(value.Length - tail);
        }
    }
}
