using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Security;
using System.Text;
using Xunit;

namespace AmoWidget.Tests.Errors
{
    /// <summary>The one table that turns an exception nobody expected into an ErrorId and a kind.</summary>
    public sealed class UnexpectedErrorsTests
    {
        public static IEnumerable<object[]> Cases() => new[]
        {
            new object[] { new EncoderFallbackException("x"), "TextInvalid", AmoErrorKind.InvalidData },
            new object[] { new DecoderFallbackException("x"), "TextInvalid", AmoErrorKind.InvalidData },
            new object[] { new PathTooLongException("x"), "PathInvalid", AmoErrorKind.InvalidArgument },
            new object[] { new FileNotFoundException("x"), "PathNotFound", AmoErrorKind.ObjectNotFound },
            new object[] { new DirectoryNotFoundException("x"), "PathNotFound", AmoErrorKind.ObjectNotFound },
            new object[] { new UnauthorizedAccessException("x"), "AccessDenied", AmoErrorKind.PermissionDenied },
            new object[] { new SecurityException("x"), "AccessDenied", AmoErrorKind.PermissionDenied },
            new object[] { new IOException("x"), "FileSystemError", AmoErrorKind.ReadError },
            new object[] { new ArgumentException("x"), "ArgumentInvalid", AmoErrorKind.InvalidArgument },
            new object[] { new UriFormatException("x"), "ArgumentInvalid", AmoErrorKind.InvalidArgument },
            new object[] { new OverflowException("x"), "ArgumentInvalid", AmoErrorKind.InvalidArgument },
            new object[] { new InsufficientExecutionStackException("x"), "NestingTooDeep", AmoErrorKind.LimitsExceeded },
            new object[] { new OutOfMemoryException("x"), "OutOfMemory", AmoErrorKind.LimitsExceeded },
            new object[] { new TimeoutException("x"), "OperationTimedOut", AmoErrorKind.OperationTimeout },
            new object[] { new OperationCanceledException("x"), "OperationCanceled", AmoErrorKind.OperationStopped },
            new object[] { new PlatformNotSupportedException("x"), "OperationNotSupported", AmoErrorKind.InvalidOperation },
            new object[] { new InvalidOperationException("x"), "InternalError", AmoErrorKind.NotSpecified },
            new object[] { new NullReferenceException("x"), "InternalError", AmoErrorKind.NotSpecified },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void EachExceptionGetsItsErrorIdAndKind(Exception exception, string errorId, AmoErrorKind kind)
        {
            AmoException result = UnexpectedErrors.Classify(exception, target: "t");
            Assert.Equal(errorId, result.ErrorId);
            Assert.Equal(kind, result.Kind);
            Assert.Same(exception, result.InnerException);
            Assert.Equal("t", result.Target);
        }

        [Fact]
        public void AFileSystemFailureTakesTheKindOfTheCommand()
        {
            Assert.Equal(AmoErrorKind.WriteError, UnexpectedErrors.Classify(new IOException("disk full"), AmoErrorKind.WriteError).Kind);
        }

        [Fact]
        public void AnAmoExceptionPassesAsItIs()
        {
            var own = new AmoException("ManifestJsonInvalid", AmoErrorKind.ParserError, "bad");
            Assert.Same(own, UnexpectedErrors.Classify(own));
        }

        [Fact]
        public void WrappersAreOpenedToTheExceptionThatSaysWhatHappened()
        {
            var inner = new EncoderFallbackException("x");
            Assert.Equal("TextInvalid", UnexpectedErrors.Classify(new AggregateException(new TargetInvocationException(inner))).ErrorId);
        }

        [Fact]
        public void AnInternalErrorSaysItIsABugAndNamesTheException()
        {
            string message = UnexpectedErrors.Classify(new InvalidOperationException("state")).Message;
            Assert.Contains("System.InvalidOperationException", message);
            Assert.Contains("bug", message);
        }

        [Fact]
        public void AHugeMessageIsCutShort()
        {
            AmoException result = UnexpectedErrors.Classify(new ArgumentException(new string('a', 100_000)));
            Assert.True(result.Message.Length < 1100, result.Message.Length.ToString());
            Assert.Contains("(100000 characters)", result.Message);
        }
    }
}
