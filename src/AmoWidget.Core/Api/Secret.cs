using System;
using System.Runtime.InteropServices;
using System.Security;

namespace AmoWidget.Api
{
    /// <summary>
    /// A token or password held as a SecureString. The clear text exists only for the moment a request header
    /// or a token-endpoint body is built; ToString never shows it.
    /// </summary>
    internal sealed class Secret : IDisposable
    {
        private readonly SecureString _value;

        private Secret(SecureString value)
        {
            _value = value;
            _value.MakeReadOnly();
        }

        public static Secret FromSecureString(SecureString value) => new Secret(value.Copy());

        public static Secret FromString(string value)
        {
            var secure = new SecureString();
            foreach (char c in value)
            {
                secure.AppendChar(c);
            }

            return new Secret(secure);
        }

        public string Reveal()
        {
            IntPtr ptr = Marshal.SecureStringToGlobalAllocUnicode(_value);
            try
            {
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        public bool SameAs(Secret? other) => other != null && string.Equals(Reveal(), other.Reveal(), StringComparison.Ordinal);

        public void Dispose() => _value.Dispose();

        public override string ToString() => "********";
    }
}
