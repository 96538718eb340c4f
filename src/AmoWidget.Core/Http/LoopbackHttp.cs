using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Http
{
    /// <summary>One HTTP/1.1 request as a loopback server read it: request line, headers, body.</summary>
    public sealed class LoopbackRequest
    {
        internal LoopbackRequest(string method, string target, Dictionary<string, string> headers, byte[] body)
        {
            Method = method;
            Target = target;
            Headers = headers;
            Body = body;
        }

        public string Method { get; }

        /// <summary>The request target as sent (path and query, still percent-encoded).</summary>
        public string Target { get; }

        /// <summary>The path part of <see cref="Target"/>, still percent-encoded.</summary>
        public string RawPath => Target.Split('?')[0];

        /// <summary>Headers by name, case-insensitive; a repeated header's values joined with ", ".</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;
    }

    /// <summary>What a handler answers: status, headers, and a body given as bytes or as a file to stream.</summary>
    internal sealed class LoopbackResponse
    {
        public LoopbackResponse(int status, string reason)
        {
            Status = status;
            Reason = reason;
        }

        public int Status { get; }

        public string Reason { get; }

        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        public byte[] Body { get; set; } = Array.Empty<byte>();

        /// <summary>
        /// An open file to stream as the body instead of <see cref="Body"/>, so a large file is never held in memory;
        /// the server disposes it once the answer is written. Opened by the handler, which judged what it holds.
        /// </summary>
        public Stream? Content { get; set; }

        public LoopbackResponse With(string name, string value)
        {
            Headers.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public static LoopbackResponse Text(int status, string reason, string text)
        {
            var response = new LoopbackResponse(status, reason) { Body = Encoding.UTF8.GetBytes(text) };
            return response.With("Content-Type", "text/plain; charset=utf-8");
        }
    }

    /// <summary>
    /// A minimal HTTP/1.1 server bound to 127.0.0.1 only: one request per connection, answered with
    /// <c>Connection: close</c>; headers up to 16 KB, bodies up to a set limit (Content-Length or chunked), a read
    /// timeout of 10 s. It backs the widget dev server and the Salesbot continue receiver.
    /// </summary>
    /// <remarks>
    /// Own code on purpose. System.Net.HttpListener is http.sys on Windows: a 127.0.0.1 prefix needs a URL ACL or
    /// admin rights for a non-admin user, requests whose Host header names another host than the prefix are refused
    /// with 400 before the handler sees them, and http.sys adds its own headers and rewrites paths; the managed
    /// listener on Linux and macOS behaves differently again. The dev server must judge the Host and Origin, add
    /// exactly the headers the amo page needs and judge every path itself, the same way on Windows PowerShell 5.1 and
    /// PowerShell 7 on every OS; what it has to speak (GET, HEAD, OPTIONS of static files, one POST body) is this small.
    /// </remarks>
    internal sealed class LoopbackHttpServer : IDisposable
    {
        private const int MaxHeaderBytes = 16 * 1024;
        private const int ReadTimeoutMs = 10_000;

        private readonly TcpListener _listener;
        private readonly Func<LoopbackRequest, LoopbackResponse> _handler;
        private readonly int _maxBody;
        private readonly Func<LoopbackRequest, string, LoopbackResponse>? _tooLarge;
        private readonly ConcurrentDictionary<TcpClient, bool> _open = new ConcurrentDictionary<TcpClient, bool>();
        private volatile bool _stopped;
        private int _answering;

        private LoopbackHttpServer(TcpListener listener, Func<LoopbackRequest, LoopbackResponse> handler, int maxBody, Func<LoopbackRequest, string, LoopbackResponse>? tooLarge)
        {
            _listener = listener;
            _handler = handler;
            _maxBody = maxBody;
            _tooLarge = tooLarge;
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public int Port { get; }

        public bool Running => !_stopped;

        /// <summary>
        /// Listens on 127.0.0.1:<paramref name="port"/> (0: a free port the system picks). A port another socket holds
        /// is <c>PortInUse</c> (ResourceUnavailable). A request whose body passes <paramref name="maxBody"/> is answered
        /// by <paramref name="tooLarge"/> (given its request line and headers, no body, and why), else with 413.
        /// </summary>
        public static LoopbackHttpServer Start(int port, Func<LoopbackRequest, LoopbackResponse> handler, int maxBody, Func<LoopbackRequest, string, LoopbackResponse>? tooLarge = null)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // Windows lets a second socket bind a port another one holds unless the first asks for it alone.
                listener.ExclusiveAddressUse = true;
            }

            try
            {
                listener.Start();
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse || ex.SocketErrorCode == SocketError.AccessDenied)
            {
                throw new AmoException(ErrorIds.PortInUse, AmoErrorKind.ResourceUnavailable,
                    $"Port {port} on 127.0.0.1 is in use by another program or server ({ex.SocketErrorCode}).", port, ex)
                {
                    RecommendedAction = "Stop the program that holds the port (Get-AmoWidgetServer lists this session's servers), or choose another -Port.",
                };
            }

            var server = new LoopbackHttpServer(listener, handler, maxBody, tooLarge);
            _ = Task.Run(server.AcceptLoop);
            return server;
        }

        /// <summary>
        /// Stops listening and closes every open connection; the port is free when this returns. An answer being
        /// written is finished first (at most 2 s), so the request that made the caller stop still gets its answer.
        /// </summary>
        public void Stop()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _listener.Stop();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref _answering) > 0 && clock.ElapsedMilliseconds < 2000)
            {
                Thread.Sleep(10);
            }

            foreach (TcpClient client in _open.Keys)
            {
                Close(client);
            }
        }

        public void Dispose() => Stop();

        private async Task AcceptLoop()
        {
            while (!_stopped)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException || ex is InvalidOperationException)
                {
                    return;
                }

                _open[client] = true;
                _ = Task.Run(() => Serve(client));
            }
        }

        private void Serve(TcpClient client)
        {
            try
            {
                client.ReceiveTimeout = ReadTimeoutMs;
                client.SendTimeout = ReadTimeoutMs;
                NetworkStream stream = client.GetStream();
                LoopbackResponse response;
                LoopbackRequest? request = null;
                try
                {
                    request = Read(stream, _maxBody);
                    Interlocked.Increment(ref _answering);
                    try
                    {
                        response = request == null ? LoopbackResponse.Text(400, "Bad Request", "Malformed HTTP request.\n") : _handler(request);
                        Write(stream, response, request?.Method == "HEAD");
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _answering);
                    }
                }
                catch (RequestTooLargeException ex)
                {
                    Write(stream, _tooLarge?.Invoke(ex.Head, ex.Message) ?? LoopbackResponse.Text(413, "Payload Too Large", ex.Message + "\n"), false);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException)
            {
                // The peer went away or timed out: nothing to answer.
            }
            finally
            {
                Close(client);
            }
        }

        private void Close(TcpClient client)
        {
            _open.TryRemove(client, out _);
            try
            {
                client.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private sealed class RequestTooLargeException : Exception
        {
            public RequestTooLargeException(string message, LoopbackRequest head)
                : base(message)
            {
                Head = head;
            }

            /// <summary>The request line and headers of the request refused, with no body.</summary>
            public LoopbackRequest Head { get; }
        }

        /// <summary>Reads one request; null when it is not HTTP/1.x.</summary>
        internal static LoopbackRequest? Read(Stream stream, int maxBody)
        {
            var reader = new BufferedReader(stream);
            string? requestLine = reader.ReadLine(MaxHeaderBytes);
            if (requestLine == null)
            {
                return null;
            }

            string[] parts = requestLine.Split(' ');
            if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[0].Length == 0)
            {
                return null;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            int total = requestLine.Length;
            while (true)
            {
                string? line = reader.ReadLine(MaxHeaderBytes - total);
                if (line == null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    break;
                }

                total += line.Length + 2;
                int colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    return null;
                }

                string name = line.Substring(0, colon).Trim();
                string value = line.Substring(colon + 1).Trim();
                headers[name] = headers.TryGetValue(name, out string? earlier) ? earlier + ", " + value : value;
            }

            byte[] body = Array.Empty<byte>();
            var head = new LoopbackRequest(parts[0], parts[1], headers, body);
            if (headers.TryGetValue("Transfer-Encoding", out string? coding) && coding.IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                body = reader.ReadChunked(maxBody, head);
            }
            else if (headers.TryGetValue("Content-Length", out string? lengthText))
            {
                if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                {
                    return null;
                }

                if (length > maxBody)
                {
                    throw new RequestTooLargeException($"The body has {length} bytes; at most {maxBody} are read.", head);
                }

                body = reader.ReadExactly((int)length);
            }

            return new LoopbackRequest(parts[0], parts[1], headers, body);
        }

        private static void Write(Stream stream, LoopbackResponse response, bool headOnly)
        {
            // The Content-Length is taken from the open file, so an editor saving it meanwhile cannot make the header
            // and the bytes sent disagree.
            using Stream? file = response.Content;
            long length = file != null ? file.Length : response.Body.Length;
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(response.Reason).Append("\r\n");
            foreach (KeyValuePair<string, string> header in response.Headers)
            {
                head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            }

            if (response.Status != 204 && response.Status != 304)
            {
                head.Append("Content-Length: ").Append(length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }

            head.Append("Connection: close\r\n\r\n");
            byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
            stream.Write(headBytes, 0, headBytes.Length);
            if (!headOnly && response.Status != 204 && response.Status != 304)
            {
                if (file != null)
                {
                    CopyExactly(file, stream, length);
                }
                else
                {
                    stream.Write(response.Body, 0, response.Body.Length);
                }
            }

            stream.Flush();
        }

        /// <summary>At most <paramref name="count"/> bytes of <paramref name="from"/>: what the Content-Length sent promised, even if the file grew since.</summary>
        private static void CopyExactly(Stream from, Stream to, long count)
        {
            var buffer = new byte[81920];
            int read;
            while (count > 0 && (read = from.Read(buffer, 0, (int)Math.Min(buffer.Length, count))) > 0)
            {
                to.Write(buffer, 0, read);
                count -= read;
            }
        }

        /// <summary>Line and byte reads over a stream with one buffer, so the body that follows the headers is not lost.</summary>
        private sealed class BufferedReader
        {
            private readonly Stream _stream;
            private readonly byte[] _buffer = new byte[8192];
            private int _start;
            private int _end;

            public BufferedReader(Stream stream) => _stream = stream;

            private bool Fill()
            {
                if (_start < _end)
                {
                    return true;
                }

                _start = 0;
                _end = _stream.Read(_buffer, 0, _buffer.Length);
                return _end > 0;
            }

            /// <summary>A CRLF- (or LF-) ended line in ISO-8859-1, or null at the end of the stream or past <paramref name="limit"/> bytes.</summary>
            public string? ReadLine(int limit)
            {
                var line = new StringBuilder();
                while (Fill())
                {
                    byte b = _buffer[_start++];
                    if (b == (byte)'\n')
                    {
                        if (line.Length > 0 && line[line.Length - 1] == '\r')
                        {
                            line.Length--;
                        }

                        return line.ToString();
                    }

                    if (line.Length >= limit)
                    {
                        return null;
                    }

                    line.Append((char)b);
                }

                return null;
            }

            public byte[] ReadExactly(int count)
            {
                var result = new byte[count];
                int done = 0;
                while (done < count)
                {
                    if (!Fill())
                    {
                        throw new IOException("The connection closed before the whole body arrived.");
                    }

                    int take = Math.Min(count - done, _end - _start);
                    Buffer.BlockCopy(_buffer, _start, result, done, take);
                    _start += take;
                    done += take;
                }

                return result;
            }

            public byte[] ReadChunked(int maxBody, LoopbackRequest head)
            {
                var body = new MemoryStream();
                while (true)
                {
                    string? sizeLine = ReadLine(1024) ?? throw new IOException("The chunked body ended early.");
                    string sizeText = sizeLine.Split(';')[0].Trim();
                    if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int size) || size < 0)
                    {
                        throw new IOException("A chunk size is not a hexadecimal number.");
                    }

                    if (size == 0)
                    {
                        while (!string.IsNullOrEmpty(ReadLine(MaxHeaderBytes)))
                        {
                        }

                        return body.ToArray();
                    }

                    if (body.Length + size > maxBody)
                    {
                        throw new RequestTooLargeException($"The body passes {maxBody} bytes, the most that is read.", head);
                    }

                    byte[] chunk = ReadExactly(size);
                    body.Write(chunk, 0, chunk.Length);
                    ReadLine(2);
                }
            }
        }
    }
}
