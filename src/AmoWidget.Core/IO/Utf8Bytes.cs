namespace AmoWidget.IO
{
    /// <summary>
    /// Where UTF-8 text first goes wrong. Own code: netstandard2.0 has no UTF-8 validation that gives the offset
    /// (System.Text.Unicode.Utf8 came in .NET Core 3.0), and DecoderFallbackException.Index is relative to the
    /// decoder's own buffer, which .NET Framework and Mono fill differently from .NET, so the same bad byte was named
    /// at different offsets. The rules are those of RFC 3629 §4 (https://www.rfc-editor.org/rfc/rfc3629#section-4):
    /// no overlong form, no surrogate, nothing above U+10FFFF.
    /// </summary>
    internal static class Utf8Bytes
    {
        /// <summary>The offset of the first byte that starts no valid sequence, or -1 when all of it is UTF-8.</summary>
        public static int FirstInvalid(byte[] bytes)
        {
            int i = 0;
            while (i < bytes.Length)
            {
                byte lead = bytes[i];
                if (lead < 0x80)
                {
                    i++;
                    continue;
                }

                int more = lead >= 0xC2 && lead <= 0xDF ? 1 : lead >= 0xE0 && lead <= 0xEF ? 2 : lead >= 0xF0 && lead <= 0xF4 ? 3 : -1;
                if (more < 0 || i + more > bytes.Length - 1)
                {
                    return i;
                }

                for (int k = 1; k <= more; k++)
                {
                    if ((bytes[i + k] & 0xC0) != 0x80)
                    {
                        return i;
                    }
                }

                byte second = bytes[i + 1];
                if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
                {
                    return i;
                }

                i += more + 1;
            }

            return -1;
        }
    }
}
