using System;
using System.IO;

namespace AmoWidget.IO
{
    /// <summary>Writes that a crash cannot leave half done: the old file stays or the new one is there, whole.</summary>
    public static class AtomicFile
    {
        /// <summary>
        /// Writes to a temporary file beside <paramref name="target"/> (a dot name, so a packer of the folder skips it),
        /// flushes it to disk, then moves it over the target. A read-only target is replaced and stays read-only.
        /// </summary>
        public static void Write(string target, Action<Stream> write)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
            Directory.CreateDirectory(folder);
            string temporary = Path.Combine(folder, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    write(stream);
                    stream.Flush(true);
                }

                if (!File.Exists(target))
                {
                    File.Move(temporary, target);
                    return;
                }

                FileAttributes attributes = File.GetAttributes(target);
                bool readOnly = (attributes & FileAttributes.ReadOnly) != 0;
                if (readOnly)
                {
                    File.SetAttributes(target, attributes & ~FileAttributes.ReadOnly);
                }

                try
                {
                    File.Replace(temporary, target, null);
                }
                finally
                {
                    if (readOnly)
                    {
                        File.SetAttributes(target, File.GetAttributes(target) | FileAttributes.ReadOnly);
                    }
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        public static void WriteAllBytes(string target, byte[] bytes) => Write(target, stream => stream.Write(bytes, 0, bytes.Length));
    }
}
