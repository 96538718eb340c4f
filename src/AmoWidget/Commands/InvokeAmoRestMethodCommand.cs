using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Any other endpoint of the account's API, with the connection's token, request limit, retries and error handling.
    /// JSON objects come back as PSCustomObjects; 204 gives nothing; -All follows _links.next and emits the items of
    /// each page's _embedded list. An HTTP error is a terminating error, as Invoke-RestMethod's.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AmoRestMethod", SupportsShouldProcess = true)]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeAmoRestMethodCommand : AmoConnectedCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateSet("GET", "POST", "PATCH", "PUT", "DELETE", IgnoreCase = true)]
        public string Method { get; set; } = "GET";

        /// <summary>A path on the connection's host such as /api/v4/leads (or api/v4/leads); never a scheme, host or port.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>A hashtable, PSCustomObject or array sent as JSON, or a string sent as it is.</summary>
        [Parameter(Position = 2, ValueFromPipeline = true)]
        public object? Body { get; set; }

        [Parameter]
        public Hashtable? Query { get; set; }

        /// <summary>Follow _links.next (page size 250 unless -Query sets limit) and emit every item.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecordCore()
        {
            AmoConnection connection = RequireConnection();
            string method = Method.ToUpperInvariant();
            if (All && method != "GET")
            {
                ThrowTerminatingError(NewError(ErrorIds.AmoApiAllNeedsGet, ErrorCategory.InvalidArgument, "-All pages through a list, which only GET reads.", Path));
            }

            // Checked before anything is sent: a path with a scheme, host or port is never sent, never retried.
            string path = string.Empty;
            try
            {
                path = AmoEndpoint.ToApiPath(connection.BaseUri, AmoAccountApi.WithQuery(Path, Query));
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex, Path);
            }

            if (method != "GET" && !ShouldProcess(connection.BaseUri + path, method))
            {
                return;
            }

            try
            {
                if (!All)
                {
                    object? body = ToPlain(Body);
                    object? answer = Run(ct => AmoAccountApi.InvokeAsync(connection, method, path, body, ct));
                    if (answer != null)
                    {
                        WriteObject(ToPowerShell(answer));
                    }

                    return;
                }

                string? next = AmoApiClient.FirstPage(path);
                int pages = 0;
                int count = 0;
                while (next != null)
                {
                    string page = next;
                    ShowWorkProgress($"GET {Path}", $"Page {pages + 1} ({count} items so far)", pages, 0);
                    (List<object?> items, string? following) = Run(ct => AmoAccountApi.InvokePageAsync(connection, page, ct));
                    foreach (object? item in items)
                    {
                        WriteObject(ToPowerShell(item));
                    }

                    pages++;
                    count += items.Count;
                    next = following;
                }

                CompleteWorkProgress();
            }
            catch (AmoException ex)
            {
                // As Invoke-RestMethod: an HTTP error stops the command, so try/catch sees it
                // (https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/invoke-restmethod).
                ThrowAmoError(ex, Path);
            }
        }
    }
}
