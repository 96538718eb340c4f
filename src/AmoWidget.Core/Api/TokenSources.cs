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
    }

    /// <summary>A long-lived token: nothing to refresh, a 401 means it expired or was revoked.</summary>
    internal sealed class StaticTokenSource : ITokenSource
    {
        private readonly Secret _token;

        public StaticTokenSource(Secret token) => _token = token;

        public string Kind => "AccessToken";

        public bool CanRefresh => false;

        public Task<Secret> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(_token);

        public Task RefreshAsync(Secret rejected, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
