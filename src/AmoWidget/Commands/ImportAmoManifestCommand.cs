using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Import-AmoManifest: reads manifest.json files, widget folders and widget .zip files.</summary>
    [Cmdlet(VerbsData.Import, "AmoManifest", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AmoManifest))]
    public sealed class ImportAmoManifestCommand : AmoCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == LiteralPathSet)
            {
                foreach (string path in LiteralPath)
                {
                    string? file = ResolveLiteral(path);
                    if (file != null)
                    {
                        Import(file);
                    }
                }

                return;
            }

            foreach (string path in Path)
            {
                foreach (string file in ResolveWildcard(path))
                {
                    Import(file);
                }
            }
        }

        private IEnumerable<string> ResolveWildcard(string path)
        {
            ProviderInfo provider;
            IReadOnlyList<string> files;
            try
            {
                files = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(NewError("PathNotFound", ErrorCategory.ObjectNotFound, $"Cannot find the path '{path}': it does not exist.", path, ex));
                return Array.Empty<string>();
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException)
            {
                WriteError(NewError("PathNotFound", ErrorCategory.ObjectNotFound, $"Cannot find the path '{path}': {ex.Message}", path, ex));
                return Array.Empty<string>();
            }

            return IsFileSystem(provider, path) ? files : Array.Empty<string>();
        }

        private string? ResolveLiteral(string path)
        {
            try
            {
                string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                return IsFileSystem(provider, path) ? file : null;
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException)
            {
                WriteError(NewError("PathNotFound", ErrorCategory.ObjectNotFound, $"Cannot find the path '{path}': {ex.Message}", path, ex));
                return null;
            }
        }

        private bool IsFileSystem(ProviderInfo provider, string path)
        {
            if (provider.Name == "FileSystem")
            {
                return true;
            }

            WriteError(NewError("PathNotFileSystem", ErrorCategory.InvalidArgument,
                $"'{path}' is a {provider.Name} path; a manifest is read from a file, a folder or a .zip.", path));
            return false;
        }

        private void Import(string file)
        {
            WriteVerbose($"Reading {file}");
            try
            {
                WriteObject(AmoManifest.Load(file));
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(NewError("ManifestUnreadable", ErrorCategory.ReadError, $"Cannot read '{file}': {ex.Message}", file, ex));
            }
        }
    }
}
