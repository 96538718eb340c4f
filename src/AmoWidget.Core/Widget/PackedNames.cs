using System;

namespace AmoWidget.Widget
{
    /// <summary>
    /// Which names of a widget folder are not part of the widget: the packer leaves them out of widget.zip, the dev server
    /// does not serve them, and the folder check does not look into those folders.
    /// </summary>
    internal static class PackedNames
    {
        /// <summary>Whether a file or folder name is left out of the archive: dotfiles and dot-folders (.git, .DS_Store, .env), __MACOSX, node_modules, and zips.</summary>
        public static bool IsExcluded(string name, bool isDirectory) =>
            name.StartsWith(".", StringComparison.Ordinal)
            || string.Equals(name, "__MACOSX", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "node_modules", StringComparison.OrdinalIgnoreCase)
            || (!isDirectory && name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase));
    }
}
