using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Api
{
    /// <summary>Where the bearer token of a connection comes from, and whether a 401 can be cured by a refresh.</summary>
    internal interface ITokenSource
    {
        string Kind { get; }

        bool CanRefresh { get; }

        Task<Secret> GetAccessTokenAsync(CancellationToken cancellationToken);

        /// <summary>Gets a token other than <paramref name="rejected"/>, which the server has just refused.</summary>
        Task RefreshAsync(Secret rejected, CancellationToken cancellationToken);

        /// <summary>What a 401 to <paramref name="rejected"/> means, for the error message (one or two sentences).</summary>
        string ExplainRejection(Secret rejected);
    }

    /// <summary>
    /// A long-lived token: never refreshed (it has no refresh token: https://developers.kommo.com/docs/long-lived-token),
    /// so a 401 means it expired or was revoked; its exp claim tells which.
    /// </summary>
    internal sealed class StaticTokenSource : ITokenSource
    {
        private readonly Secret _token;

        public StaticTokenSource(Secret token) => _token = token;

        public string Kind => "AccessToken";

        public bool CanRefresh => false;

        public Task<Secret> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(_token);

        public Task RefreshAsync(Secret rejected, CancellationToken cancellationToken) => Task.CompletedTask;

        public string ExplainRejection(Secret rejected)
        {
            const string renew = " Generate a new long-lived token in the integration's \"Keys and scopes\" tab and connect with it.";
            DateTimeOffset? expires = JwtClaims.ExpiresAt(rejected);
            if (expires == null)
            {
                return "The token is expired, revoked or not valid for this account." + renew;
            }

            string when = expires.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            return expires.Value <= DateTimeOffset.UtcNow
                ? $"The long-lived token expired at {when} (its exp claim)." + renew
                : $"The long-lived token is valid until {when} (its exp claim), so it was revoked (\"Granted access\" in the account) or belongs to another account." + renew;
        }
    }
}
