using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmoWidget.TestServer
{
    /// <summary>The body of POST /_test/limiter.</summary>
    public sealed class LimiterSettings
    {
        public LimiterModel Model { get; set; }

        public double Rate { get; set; } = 7;

        public int BlockAfter { get; set; }
    }

    /// <summary>
    /// A loopback stand-in for an amoCRM / Kommo account's API v4: widgets, pipelines, account and the OAuth token
    /// endpoint, with the documented bodies, bearer tokens enforced, a 7 requests a second limit, and faults on demand.
    /// Tests start it in-process (<see cref="StartAsync"/>); <c>dotnet run</c> starts it for a console (Program).
    /// Control endpoints under /_test (no token needed): GET stats, POST faults (a JSON array of Fault), POST reset,
    /// POST expire-tokens, POST authorization-code, POST token-pair (a pair as if a code had been exchanged: access_token,
    /// refresh_token), POST refresh-token-usable ({"refresh_token": ...} -> {"usable": bool}), POST limiter
    /// ({"model":"SlidingWindow","rate":7,"blockAfter":3}), POST move-account ({"subdomain":"example2"}; needs
    /// TestServerOptions.MoveHost), any method to landing (the target of a Redirect fault: counted in stats).
    /// </summary>
    public sealed class AmoTestServer : IAsyncDisposable, IDisposable
    {
        private static readonly JsonSerializerOptions ControlJson = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };

        private readonly WebApplication _app;

        private AmoTestServer(WebApplication app, ServerState state, Uri baseUri)
        {
            _app = app;
            State = state;
            BaseUri = baseUri;
        }

        /// <summary>http://127.0.0.1:port/ (with the trailing slash).</summary>
        public Uri BaseUri { get; }

        /// <summary>The long-lived token the server accepts.</summary>
        public string AccessToken => State.AccessToken;

        public ServerState State { get; }

        public static async Task<AmoTestServer> StartAsync(TestServerOptions? options = null)
        {
            options ??= new TestServerOptions();
            for (int attempt = 1; ; attempt++)
            {
                // The move host answers on the same port, so a free port is picked first; another process may take it between.
                int port = options.MoveHost != null && options.Port == 0 ? FreePort() : options.Port;
                try
                {
                    return await StartOnAsync(options, port).ConfigureAwait(false);
                }
                catch (IOException) when (options.MoveHost != null && options.Port == 0 && attempt < 5)
                {
                }
            }
        }

        private static async Task<AmoTestServer> StartOnAsync(TestServerOptions options, int port)
        {
            var state = new ServerState(options);
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(AmoTestServer).Assembly.GetName().Name });
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k =>
            {
                k.Listen(System.Net.IPAddress.Loopback, port);
                if (options.MoveHost != null)
                {
                    k.Listen(System.Net.IPAddress.Parse(options.MoveHost), port);
                }
            });
            WebApplication app = builder.Build();
            Uri? baseUri = null;
            app.Use((context, next) => Handle(context, next, state, baseUri!));
            MapApi(app, state, () => baseUri!);
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.Contains("127.0.0.1", StringComparison.Ordinal));
            baseUri = new Uri(address.TrimEnd('/') + "/");
            state.AccountHost = baseUri.Host;
            return new AmoTestServer(app, state, baseUri);
        }

        private static int FreePort()
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        public Task WaitForShutdownAsync() => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        private static async Task Handle(HttpContext context, Func<Task> next, ServerState state, Uri baseUri)
        {
            string path = context.Request.Path.Value ?? "/";
            string method = context.Request.Method;
            if (path.StartsWith("/_test/", StringComparison.Ordinal))
            {
                await Control(context, state, path).ConfigureAwait(false);
                return;
            }

            state.Count(method + " " + RouteOf(path));

            // An nginx in front of the API answers a blocked IP before any limiter or handler (api-reference.md §6.1).
            if (state.IsBlocked)
            {
                state.CountBlocked();
                await Write(context, 403, "text/html", TestData.Html(403, "Forbidden")).ConfigureAwait(false);
                return;
            }

            if (!state.TryAdmit())
            {
                state.CountSent429();
                await Write(context, 429, "application/problem+json", TestData.TooManyRequests(1)).ConfigureAwait(false);
                return;
            }

            Fault? fault = state.TakeFault(method, path);
            switch (fault?.Kind)
            {
                case FaultKind.TooManyRequestsJson:
                    state.CountSent429();
                    SetRetryAfter(context, fault.RetryAfterHeader);
                    await Write(context, 429, "application/problem+json", TestData.TooManyRequests(fault.RetryAfterBody)).ConfigureAwait(false);
                    return;
                case FaultKind.TooManyRequestsHtml:
                    state.CountSent429();
                    SetRetryAfter(context, fault.RetryAfterHeader);
                    await Write(context, 429, "text/html", TestData.Html(429, "Too Many Requests")).ConfigureAwait(false);
                    return;
                case FaultKind.Unauthorized:
                    await Write(context, 401, "application/problem+json", TestData.Problem(401, "Unauthorized", "Invalid user name or password")).ConfigureAwait(false);
                    return;
                case FaultKind.ForbiddenHtml:
                    await Write(context, 403, "text/html", TestData.Html(403, "Forbidden")).ConfigureAwait(false);
                    return;
                case FaultKind.ForbiddenJson:
                    await Write(context, 403, "application/problem+json", TestData.Problem(403, "Forbidden", "Access denied")).ConfigureAwait(false);
                    return;
                case FaultKind.InternalServerError:
                    await Write(context, 500, "application/problem+json",
                        "{\"title\":\"ErrInternalServer\",\"status\":500,\"detail\":\"Our team are probably already working on the elimination of the problem\",\"trace_id\":\"8e9b1e47-1ea4-111f0-a4f9-0031163e1de759\"}").ConfigureAwait(false);
                    return;
                case FaultKind.BadGateway:
                    await Write(context, 502, "text/html", TestData.Html(502, "Bad Gateway")).ConfigureAwait(false);
                    return;
                case FaultKind.ServiceUnavailable:
                    SetRetryAfter(context, fault.RetryAfterHeader);
                    await Write(context, 503, "text/html", TestData.Html(503, "Service Temporarily Unavailable")).ConfigureAwait(false);
                    return;
                case FaultKind.GatewayTimeout:
                    await Write(context, 504, "text/html", TestData.Html(504, "Gateway Time-out")).ConfigureAwait(false);
                    return;
                case FaultKind.Slow:
                    try
                    {
                        await Task.Delay(fault.DelayMs, context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    break;
                case FaultKind.Drop:
                    context.Abort();
                    return;
                case FaultKind.Redirect:
                    if (fault.Location != null)
                    {
                        context.Response.Headers.Location = fault.Location;
                    }

                    // No body, as the redirects that read as an empty success did (an HTML body would already be refused as not JSON).
                    context.Response.StatusCode = fault.Status ?? 302;
                    context.Response.ContentLength = 0;
                    return;
            }

            bool afterHandling = fault != null && (fault.Kind == FaultKind.DropAfterHandling || fault.Kind == FaultKind.BadGatewayAfterHandling || fault.Kind == FaultKind.TruncatedJson);
            Stream original = context.Response.Body;
            using var buffer = new MemoryStream();
            if (afterHandling)
            {
                context.Response.Body = buffer;
            }

            if (state.MovedFromHost != null && context.Request.Host.Host == state.MovedFromHost && path != SubdomainLookupPath)
            {
                // The old subdomain no longer knows the account: its tokens are refused, and a refresh there finds no account.
                if (path == "/oauth2/access_token")
                {
                    await Write(context, 404, "application/problem+json", TestData.Problem(404, "Not Found", "Account not found")).ConfigureAwait(false);
                }
                else
                {
                    await Write(context, 401, "application/problem+json", TestData.Problem(401, "Unauthorized", "Invalid user name or password")).ConfigureAwait(false);
                }
            }
            else if (!path.StartsWith("/oauth2/", StringComparison.Ordinal) && !Authorized(context, state))
            {
                await Write(context, 401, "application/problem+json", TestData.Problem(401, "Unauthorized", "Invalid user name or password")).ConfigureAwait(false);
            }
            else
            {
                await next().ConfigureAwait(false);
            }

            if (!afterHandling)
            {
                return;
            }

            context.Response.Body = original;
            switch (fault!.Kind)
            {
                case FaultKind.DropAfterHandling:
                    context.Abort();
                    return;
                case FaultKind.BadGatewayAfterHandling:
                    context.Response.Headers.Clear();
                    await Write(context, 502, "text/html", TestData.Html(502, "Bad Gateway")).ConfigureAwait(false);
                    return;
                default:
                    byte[] all = buffer.ToArray();
                    byte[] half = all.Take(Math.Max(1, all.Length / 2)).ToArray();
                    context.Response.ContentLength = half.Length;
                    await original.WriteAsync(half).ConfigureAwait(false);
                    return;
            }
        }

        private static bool Authorized(HttpContext context, ServerState state)
        {
            string header = context.Request.Headers.Authorization.ToString();
            string? token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header.Substring(7).Trim() : null;
            return state.IsAuthorized(token);
        }

        private static void MapApi(WebApplication app, ServerState state, Func<Uri> baseUri)
        {
            app.MapGet("/api/v4/account", (HttpContext context) => Json(TestData.Account(context.Request.Scheme + "://" + context.Request.Host + "/", state.AccountSubdomain)));

            app.MapGet(SubdomainLookupPath, (HttpContext context) =>
            {
                (int status, string text) = state.LookUpSubdomain(context.Request.Headers["X-Refresh-Token"].FirstOrDefault());
                return Results.Text(text, status == 200 ? "application/json" : "application/problem+json", Encoding.UTF8, status);
            });

            app.MapGet("/api/v4/widgets", (HttpContext context) =>
            {
                int page = Query(context, "page") ?? 1;
                int limit = Query(context, "limit") ?? 50;
                if (limit > 250)
                {
                    return Problem(422, "Unprocessable Entity", "Limit 250 per page");
                }

                if (page < 1 || limit < 1)
                {
                    return Problem(400, "Bad Request", "page and limit must be positive");
                }

                List<TestWidget> all;
                lock (state.Gate)
                {
                    all = state.Widgets.ToList();
                }

                List<TestWidget> slice = all.Skip((page - 1) * limit).Take(limit).ToList();
                if (slice.Count == 0)
                {
                    return Results.StatusCode(204);
                }

                string root = baseUri() + "api/v4/widgets";
                var links = new JsonObject { ["self"] = new JsonObject { ["href"] = $"{root}?limit={limit}&page={page}" } };
                if (page * limit < all.Count)
                {
                    links["next"] = new JsonObject { ["href"] = $"{root}?limit={limit}&page={page + 1}" };
                }

                return Json(new JsonObject
                {
                    ["_page"] = page,
                    ["_links"] = links,
                    ["_embedded"] = new JsonObject
                    {
                        ["widgets"] = new JsonArray(slice.Select(w => (JsonNode)TestData.Widget(w, baseUri().ToString(), false)).ToArray()),
                    },
                });
            });

            app.MapGet("/api/v4/widgets/{code}", (string code) =>
            {
                TestWidget? w = Find(state, code);
                lock (state.Gate)
                {
                    return w == null ? NotFound(baseUri() + "api/v4/widgets/" + code) : Json(TestData.Widget(w, baseUri().ToString(), true));
                }
            });

            app.MapPost("/api/v4/widgets/{code}", async (string code, HttpContext context) =>
            {
                state.CountInstall();
                TestWidget? w = Find(state, code);
                if (w == null)
                {
                    return NotFound(baseUri() + "api/v4/widgets/" + code);
                }

                JsonObject? body;
                try
                {
                    body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
                }
                catch (JsonException)
                {
                    body = null;
                }

                if (body == null)
                {
                    return Problem(400, "Bad Request", "Request data can not be empty");
                }

                var errors = new List<(string, string, string)>();
                foreach ((string key, string _, string type, bool required) in w.Template)
                {
                    JsonNode? value = body[key];
                    if (required && (value == null || (value is JsonValue v && v.TryGetValue(out string? s) && string.IsNullOrWhiteSpace(s))))
                    {
                        errors.Add((key, "NotBlank", "This value should not be blank."));
                    }
                    else if (value != null && (type == "users" || type == "users_lp") && !(value is JsonObject))
                    {
                        errors.Add((key, "InvalidType", "This value should be of type object."));
                    }
                }

                if (errors.Count > 0)
                {
                    return Results.Text(TestData.ValidationFailed(errors), "application/problem+json", Encoding.UTF8, 400);
                }

                lock (state.Gate)
                {
                    w.IsActive = true;
                    w.Settings = body;
                    return Json(TestData.Widget(w, baseUri().ToString(), true));
                }
            });

            app.MapDelete("/api/v4/widgets/{code}", (string code) =>
            {
                state.CountDelete();
                TestWidget? w = Find(state, code);
                if (w == null)
                {
                    return NotFound(baseUri() + "api/v4/widgets/" + code);
                }

                lock (state.Gate)
                {
                    w.IsActive = false;
                    w.Settings = null;
                }

                return Results.StatusCode(204);
            });

            // The lead list pages as every list of API v4 does (page, limit up to 250, _links.next while more
            // follow, 204 past the last page): https://developers.kommo.com/reference/leads-list
            app.MapGet("/api/v4/leads", (HttpContext context) =>
            {
                int page = Query(context, "page") ?? 1;
                int limit = Query(context, "limit") ?? 50;
                if (limit > 250)
                {
                    return Problem(422, "Unprocessable Entity", "Limit 250 per page");
                }

                if (page < 1 || limit < 1)
                {
                    return Problem(400, "Bad Request", "page and limit must be positive");
                }

                int first = (page - 1) * limit;
                if (first >= TestData.LeadCount)
                {
                    return Results.StatusCode(204);
                }

                string root = baseUri() + "api/v4/leads";
                var links = new JsonObject { ["self"] = new JsonObject { ["href"] = $"{root}?limit={limit}&page={page}" } };
                if (page * limit < TestData.LeadCount)
                {
                    links["next"] = new JsonObject { ["href"] = $"{root}?limit={limit}&page={page + 1}" };
                }

                var leads = new JsonArray();
                for (int i = first; i < Math.Min(first + limit, TestData.LeadCount); i++)
                {
                    leads.Add(TestData.Lead(i, baseUri().ToString()));
                }

                return Json(new JsonObject { ["_page"] = page, ["_links"] = links, ["_embedded"] = new JsonObject { ["leads"] = leads } });
            });

            app.MapGet("/api/v4/leads/pipelines", () => Json(new JsonObject
            {
                ["_total_items"] = 2,
                ["_links"] = TestData.Self(baseUri() + "api/v4/leads/pipelines"),
                ["_embedded"] = new JsonObject
                {
                    ["pipelines"] = new JsonArray(TestData.Pipeline(TestData.MainPipeline, baseUri().ToString()), TestData.Pipeline(TestData.SecondPipeline, baseUri().ToString())),
                },
            }));

            app.MapGet("/api/v4/leads/pipelines/{id}", (long id) =>
                id == TestData.MainPipeline || id == TestData.SecondPipeline
                    ? Json(TestData.Pipeline(id, baseUri().ToString()))
                    : NotFound(baseUri() + "api/v4/leads/pipelines/" + id));

            app.MapPost("/oauth2/access_token", async (HttpContext context) =>
            {
                JsonObject? body = null;
                try
                {
                    body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
                }
                catch (JsonException)
                {
                }

                string? Field(string name) => body?[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
                (int status, string text) = state.Exchange(Field("client_id"), Field("client_secret"), Field("grant_type"), Field("code"), Field("refresh_token"), Field("redirect_uri"));
                return Results.Text(text, status == 200 ? "application/json" : "application/problem+json", Encoding.UTF8, status);
            });

            app.MapFallback((HttpContext context) => NotFound(baseUri() + (context.Request.Path.Value ?? "/").TrimStart('/')));
        }

        private static async Task Control(HttpContext context, ServerState state, string path)
        {
            switch (path)
            {
                case "/_test/stats":
                    await Write(context, 200, "application/json", JsonSerializer.Serialize(state.Snapshot(), ControlJson)).ConfigureAwait(false);
                    return;
                case "/_test/faults" when context.Request.Method == "POST":
                    Fault[] faults = await JsonSerializer.DeserializeAsync<Fault[]>(context.Request.Body, ControlJson).ConfigureAwait(false) ?? new Fault[0];
                    foreach (Fault f in faults)
                    {
                        state.AddFault(f);
                    }

                    await Write(context, 200, "application/json", "{\"added\":" + faults.Length + "}").ConfigureAwait(false);
                    return;
                case "/_test/landing":
                    // Where a Redirect fault may point (on this host, or on "localhost" as another host name): counts the
                    // requests that followed it, and those that carried an Authorization header there.
                    state.CountLanding(context.Request.Headers.ContainsKey("Authorization"));
                    await Write(context, 200, "application/json", "{\"_embedded\":{\"widgets\":[]}}").ConfigureAwait(false);
                    return;
                case "/_test/reset" when context.Request.Method == "POST":
                    state.ClearFaults();
                    state.ResetStats();
                    await Write(context, 200, "application/json", "{}").ConfigureAwait(false);
                    return;
                case "/_test/expire-tokens" when context.Request.Method == "POST":
                    state.ExpireAccessTokens();
                    await Write(context, 200, "application/json", "{}").ConfigureAwait(false);
                    return;
                case "/_test/limiter" when context.Request.Method == "POST":
                    LimiterSettings? limiter = await JsonSerializer.DeserializeAsync<LimiterSettings>(context.Request.Body, ControlJson).ConfigureAwait(false);
                    state.SetLimiter(limiter?.Model ?? LimiterModel.TokenBucket, limiter?.Rate ?? 7, limiter?.BlockAfter ?? 0);
                    await Write(context, 200, "application/json", JsonSerializer.Serialize(new LimiterSettings { Model = state.Options.Limiter, Rate = state.Options.RateLimit, BlockAfter = state.Options.BlockAfter }, ControlJson)).ConfigureAwait(false);
                    return;
                case "/_test/move-account" when context.Request.Method == "POST":
                    JsonObject? move = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
                    bool moved = state.MoveAccount(move?["subdomain"]?.GetValue<string>() ?? "example2");
                    await Write(context, moved ? 200 : 409, "application/json", new JsonObject { ["moved"] = moved, ["host"] = state.AccountHost }.ToJsonString()).ConfigureAwait(false);
                    return;
                case "/_test/authorization-code" when context.Request.Method == "POST":
                    await Write(context, 200, "application/json", new JsonObject { ["code"] = state.IssueAuthorizationCode() }.ToJsonString()).ConfigureAwait(false);
                    return;
                case "/_test/token-pair" when context.Request.Method == "POST":
                    (string access, string refresh) = state.IssueTokenPair();
                    await Write(context, 200, "application/json", new JsonObject { ["access_token"] = access, ["refresh_token"] = refresh }.ToJsonString()).ConfigureAwait(false);
                    return;
                case "/_test/refresh-token-usable" when context.Request.Method == "POST":
                    JsonNode? asked = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
                    string? token = asked?["refresh_token"] is JsonValue t && t.TryGetValue(out string? text) ? text : null;
                    await Write(context, 200, "application/json", new JsonObject { ["usable"] = token != null && state.IsRefreshTokenUsable(token) }.ToJsonString()).ConfigureAwait(false);
                    return;
                default:
                    await Write(context, 404, "application/json", "{\"detail\":\"unknown control endpoint\"}").ConfigureAwait(false);
                    return;
            }
        }

        private const string SubdomainLookupPath = "/oauth2/account/current/subdomain";

        private static TestWidget? Find(ServerState state, string code)
        {
            lock (state.Gate)
            {
                return state.Widgets.FirstOrDefault(w => w.Code == code);
            }
        }

        private static string RouteOf(string path)
        {
            if (path.StartsWith("/api/v4/widgets/", StringComparison.Ordinal))
            {
                return "/api/v4/widgets/{code}";
            }

            if (path.StartsWith("/api/v4/leads/pipelines/", StringComparison.Ordinal))
            {
                return "/api/v4/leads/pipelines/{id}";
            }

            return path;
        }

        private static int? Query(HttpContext context, string name) =>
            int.TryParse(context.Request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;

        private static void SetRetryAfter(HttpContext context, int? seconds)
        {
            if (seconds != null)
            {
                context.Response.Headers.RetryAfter = seconds.Value.ToString(CultureInfo.InvariantCulture);
            }
        }

        private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "application/hal+json", Encoding.UTF8, 200);

        private static IResult Problem(int status, string title, string detail) => Results.Text(TestData.Problem(status, title, detail), "application/problem+json", Encoding.UTF8, status);

        private static IResult NotFound(string url) => Problem(404, "Not Found", "Cannot GET " + url);

        private static async Task Write(HttpContext context, int status, string contentType, string body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType + "; charset=utf-8";
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
        }
    }
}
