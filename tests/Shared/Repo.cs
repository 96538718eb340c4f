using System;
using System.IO;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>Where the repository and the shared corpus are, seen from a test run.</summary>
    public static class Repo
    {
        public static string Root { get; } = FindRoot();

        /// <summary>../shared/corpus beside the clone (or $env:AMOWIDGET_CORPUS); null when absent.</summary>
        public static string? Corpus
        {
            get
            {
                string? configured = Environment.GetEnvironmentVariable("AMOWIDGET_CORPUS");
                string path = string.IsNullOrEmpty(configured) ? Path.Combine(Root, "..", "shared", "corpus") : configured!;
                return Directory.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }

        private static string FindRoot()
        {
            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AmoWidget.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("AmoWidget.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// A test over ../shared/corpus. Without the corpus it is reported as skipped, not passed; with
    /// AMOWIDGET_REQUIRE_CORPUS=1 (set by .ci/run) a missing corpus fails the run instead.
    /// </summary>
    public sealed class CorpusFactAttribute : FactAttribute
    {
        public CorpusFactAttribute()
        {
            if (Repo.Corpus == null && Environment.GetEnvironmentVariable("AMOWIDGET_REQUIRE_CORPUS") != "1")
            {
                Skip = "../shared/corpus is not beside this clone (set AMOWIDGET_CORPUS to point at it).";
            }
        }
    }

    /// <summary>The same as <see cref="CorpusFactAttribute"/> for theories.</summary>
    public sealed class CorpusTheoryAttribute : TheoryAttribute
    {
        public CorpusTheoryAttribute()
        {
            if (Repo.Corpus == null && Environment.GetEnvironmentVariable("AMOWIDGET_REQUIRE_CORPUS") != "1")
            {
                Skip = "../shared/corpus is not beside this clone (set AMOWIDGET_CORPUS to point at it).";
            }
        }
    }

    /// <summary>A fresh temporary folder, removed when disposed.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "amowidget-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    internal static class ArrayExtensions
    {
        public static T[] Concat<T>(this T[] first, T[] second)
        {
            var all = new T[first.Length + second.Length];
            first.CopyTo(all, 0);
            second.CopyTo(all, first.Length);
            return all;
        }
    }
}
