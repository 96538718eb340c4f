using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AmoWidget.IO;
using AmoWidget.Widget;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>A pooled read of a widget file gives what the plain read gives, and is refused as it is.</summary>
    public sealed class PooledReadTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(4096)]
        [InlineData(700 * 1024)]
        public void APooledReadHoldsTheFilesBytes(int length)
        {
            using var t = new TempDir();
            var bytes = new byte[length];
            new Random(length).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(t.Path, "app.js"), bytes);
            using var source = new FolderSource(t.Path);
            for (int round = 0; round < 3; round++)
            {
                using PooledBytes? pooled = source.ReadPooled("app.js", AmoReadLimits.TextBytes, _ => throw new InvalidOperationException("reported"));
                Assert.NotNull(pooled);
                Assert.Equal(length, pooled!.Count);
                Assert.True(pooled.Span.SequenceEqual(source.Read("app.js", AmoReadLimits.TextBytes, _ => { })));
            }
        }

        [Fact]
        public void AFileOverTheCapIsReportedOnceAndNotRead()
        {
            using var t = new TempDir();
            File.WriteAllBytes(Path.Combine(t.Path, "app.js"), new byte[2048]);
            using var source = new FolderSource(t.Path);
            var reports = new List<SourceProblem>();
            Assert.Null(source.ReadPooled("app.js", 1024, reports.Add));
            Assert.Null(source.ReadPooled("app.js", 1024, reports.Add));
            Assert.Null(source.Read("app.js", 1024, reports.Add));
            Assert.Equal(RuleNames.AmoFileTooLarge, Assert.Single(reports).Rule);
        }

        [Fact]
        public void ADisposedBufferIsNotReadAgain()
        {
            using var t = new TempDir();
            File.WriteAllText(Path.Combine(t.Path, "app.js"), "var a = 1;\n");
            using var source = new FolderSource(t.Path);
            PooledBytes pooled = source.ReadPooled("app.js", AmoReadLimits.TextBytes, _ => { })!;
            pooled.Dispose();
            Assert.Throws<ObjectDisposedException>(() => pooled.Array);
        }
    }
}
