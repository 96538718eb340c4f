using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using AmoWidget.IO;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Api
{
    /// <summary>The token pair as kept in the cache file, with the account's address when it was saved.</summary>
    internal sealed class TokenPair
    {
        public TokenPair(Secret accessToken, Secret refreshToken, DateTimeOffset expiresAt, Uri? baseUri = null, Uri? movedFrom = null)
        {
            AccessToken = accessToken;
            RefreshToken = refreshToken;
            ExpiresAt = expiresAt;
            BaseUri = baseUri;
            MovedFrom = movedFrom;
        }

        public Secret AccessToken { get; }

        public Secret RefreshToken { get; }

        public DateTimeOffset ExpiresAt { get; }

        /// <summary>The API base the pair was last used with (base_uri), or null in a cache written before it was kept.</summary>
        public Uri? BaseUri { get; }

        /// <summary>The address the account moved away from (moved_from), when a move was followed.</summary>
        public Uri? MovedFrom { get; }

        public override string ToString() => "TokenPair(expires " + ExpiresAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>
    /// The OAuth token cache file. Written atomically (a temporary file beside it, then a rename), so a crash leaves
    /// the old pair or the new one and never half of either. The file is created readable by its owner only: on Unix
    /// the temporary file is chmod 600 before any secret is written to it (through libc, as netstandard2.0 has no
    /// File.SetUnixFileMode); on Windows it inherits the ACL of its folder, so keep the cache under your profile
    /// (e.g. $env:LOCALAPPDATA), whose ACL admits only you, SYSTEM and administrators.
    /// </summary>
    internal static class TokenCache
    {
        private const int OwnerReadWrite = 0x180; // 0600

        /// <summary>The most a cache file is read: a pair with its addresses is under 2 KB.</summary>
        internal const int MaxBytes = 64 * 1024;

        /// <summary>
        /// Refuses a cache path no pair can be read from or saved to, before any token is exchanged (an exchange spends
        /// the code or refresh token, and a pair that cannot be saved is lost): a folder is AmoException PathIsFolder; a
        /// FIFO, device or socket, or a link to one, is PathNotRegularFile (reading a FIFO blocks until a writer comes,
        /// reading /dev/zero never ends). A missing file is fine: the first exchange creates it.
        /// </summary>
        public static void CheckPath(string path)
        {
            FileFacts facts = FileProbe.Stat(path);
            if (facts.Kind == FileKind.Directory || facts.IsSpecial)
            {
                throw new AmoException(facts.Kind == FileKind.Directory ? ErrorIds.PathIsFolder : ErrorIds.PathNotRegularFile, AmoErrorKind.InvalidArgument,
                    $"The token cache '{path}' is {facts.Describe()}, not a regular file; nothing was sent.", path)
                { RecommendedAction = "Give -TokenCachePath the path of a regular file, or of one that does not exist yet, such as ./amo-token.json." };
            }
        }

        public static TokenPair? Read(string path)
        {
            string text;
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                // The shared capped read: the cap holds while reading too, for a file that grows after it was measured.
                byte[] bytes = SafeFile.ReadAll(path, MaxBytes, length => new AmoException(ErrorIds.AmoTokenCacheInvalid, AmoErrorKind.InvalidData,
                    $"The token cache '{path}' is {length} bytes, too large for a token pair (at most {MaxBytes}). Delete it and connect with -AuthorizationCode.", path));
                using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
                text = reader.ReadToEnd();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new AmoException(ErrorIds.AmoTokenCacheInvalid, AmoErrorKind.ReadError, $"The token cache '{path}' cannot be read: {ex.Message}", path, ex);
            }

            if (text.Trim().Length == 0)
            {
                return null;
            }

            try
            {
                var json = (JObject)ApiJson.Parse(text);
                string? access = ApiJson.String(json, "access_token");
                string? refresh = ApiJson.String(json, "refresh_token");
                long? expires = ApiJson.Long(json, "expires_at");
                if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(refresh) || expires == null)
                {
                    throw new FormatException();
                }

                return new TokenPair(Secret.FromString(access!), Secret.FromString(refresh!), DateTimeOffset.FromUnixTimeSeconds(expires.Value),
                    AbsoluteUri(ApiJson.String(json, "base_uri")), AbsoluteUri(ApiJson.String(json, "moved_from")));
            }
            catch (Exception ex) when (ex is Newtonsoft.Json.JsonException || ex is InvalidCastException || ex is FormatException)
            {
                throw new AmoException(ErrorIds.AmoTokenCacheInvalid, AmoErrorKind.InvalidData,
                    $"The token cache '{path}' does not hold a token pair (access_token, refresh_token, expires_at). Delete it and connect with -AuthorizationCode.", path);
            }
        }

        public static void Write(string path, TokenPair pair)
        {
            string full = Path.GetFullPath(path);
            string folder = Path.GetDirectoryName(full) ?? ".";
            string temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            var json = new JObject
            {
                ["token_type"] = "Bearer",
                ["access_token"] = pair.AccessToken.Reveal(),
                ["refresh_token"] = pair.RefreshToken.Reveal(),
                ["expires_at"] = pair.ExpiresAt.ToUnixTimeSeconds(),
            };
            if (pair.BaseUri != null)
            {
                json["base_uri"] = pair.BaseUri.ToString();
            }

            if (pair.MovedFrom != null)
            {
                json["moved_from"] = pair.MovedFrom.ToString();
            }

            byte[] bytes = new UTF8Encoding(false).GetBytes(json.ToString(Newtonsoft.Json.Formatting.Indented) + "\n");
            try
            {
                Directory.CreateDirectory(folder);
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    RestrictToOwner(temp);
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }

                if (File.Exists(full))
                {
                    File.Replace(temp, full, null, true);
                }
                else
                {
                    File.Move(temp, full);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is Win32Exception)
            {
                TryDelete(temp);
                throw new AmoException(ErrorIds.AmoTokenCacheWriteFailed, AmoErrorKind.WriteError,
                    $"The token cache '{full}' could not be written: {ex.Message}", full, ex);
            }
        }

        /// <summary>chmod 600 where there is a libc; on Windows the folder's ACL applies (see the type's remarks).</summary>
        internal static void RestrictToOwner(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            if (chmod(path, OwnerReadWrite) != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                throw new Win32Exception(errno, $"chmod 600 failed (errno {errno}); the file is not written so that no token is left readable by others.");
            }
        }

        private static Uri? AbsoluteUri(string? text) => text != null && Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) ? uri : null;

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // the libc name
        private static extern int chmod(string path, int mode);
#pragma warning restore SA1300, IDE1006
    }
}
