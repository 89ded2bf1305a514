using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// The ML.NET calls that read or write a file by path, resolved once per compilation: the data loaders
    /// (<c>LoadFromTextFile</c>, <c>LoadFromBinary</c>, <c>LoadFromSvmLightFile[WithFeatureNames]</c>, <c>new MultiFileSource(paths)</c>
    /// for <c>TextLoader.Load</c>, <c>loader.Load(paths)</c>) and the model files (<c>Model.Save</c>, <c>Model.Load</c>, <c>Model.LoadWithDataLoader</c>).
    /// </summary>
    internal sealed class DataFileCalls
    {
        private readonly INamedTypeSymbol? _textCatalog;
        private readonly INamedTypeSymbol? _binaryCatalog;
        private readonly INamedTypeSymbol? _svmLightCatalog;
        private readonly INamedTypeSymbol? _modelOperations;
        private readonly INamedTypeSymbol? _multiFileSource;
        private readonly INamedTypeSymbol? _textLoader;
        private readonly INamedTypeSymbol? _dataLoaderExtensions;

        public DataFileCalls(Compilation compilation)
        {
            _textCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.TextLoaderSaverCatalog");
            _binaryCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.BinaryLoaderSaverCatalog");
            _svmLightCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.Data.SvmLightLoaderSaverCatalog");
            _modelOperations = compilation.GetTypeByMetadataName("Microsoft.ML.ModelOperationsCatalog");
            _multiFileSource = compilation.GetTypeByMetadataName("Microsoft.ML.Data.MultiFileSource");
            _textLoader = compilation.GetTypeByMetadataName("Microsoft.ML.Data.TextLoader");
            _dataLoaderExtensions = compilation.GetTypeByMetadataName("Microsoft.ML.DataLoaderExtensions");
        }

        /// <summary>
        /// Adds the path arguments of a data-loading call (and of a model file call when <paramref name="includeModelFiles"/>)
        /// to <paramref name="paths"/>. Arguments left to their default value are skipped.
        /// </summary>
        public void CollectPaths(IOperation operation, bool includeModelFiles, ref List<IOperation>? paths)
        {
            switch (operation)
            {
                case IInvocationOperation invocation when IsDataLoader(invocation.TargetMethod)
                    || (includeModelFiles && IsModelFileCall(invocation.TargetMethod)):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter is { Type.SpecialType: SpecialType.System_String }
                            && argument.ArgumentKind != ArgumentKind.DefaultValue)
                        {
                            (paths ??= new List<IOperation>(1)).Add(argument.Value);
                            return;
                        }
                    }

                    return;
                case IInvocationOperation invocation when IsLoadByPath(invocation.TargetMethod):
                    // loader.Load("train.csv") or loader.Load("a.csv", "b.csv"): params string[] path.
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter?.Ordinal == 1
                            && OperationHelpers.SkipConversions(argument.Value) is IArrayCreationOperation { Initializer: { } files })
                        {
                            foreach (var file in files.ElementValues)
                            {
                                (paths ??= new List<IOperation>(1)).Add(file);
                            }
                        }
                    }

                    return;
                case IObjectCreationOperation creation when IsMultiFileSource(creation.Type):
                    CollectMultiFileSourcePaths(creation, paths ??= new List<IOperation>(1));
                    return;
            }
        }

        /// <summary><c>LoadFromTextFile</c>, <c>LoadFromBinary</c>, <c>LoadFromSvmLightFile</c>, <c>LoadFromSvmLightFileWithFeatureNames</c>.</summary>
        public bool IsDataLoader(IMethodSymbol method) => method.Name switch
        {
            "LoadFromTextFile" => Is(method.ContainingType, _textCatalog),
            "LoadFromBinary" => Is(method.ContainingType, _binaryCatalog),
            "LoadFromSvmLightFile" or "LoadFromSvmLightFileWithFeatureNames" => Is(method.ContainingType, _svmLightCatalog),
            _ => false,
        };

        /// <summary>
        /// <c>DataLoaderExtensions.Load(loader, params string[] path)</c>: a file loader (<c>ml.Data.CreateTextLoader(...)</c>,
        /// a binary or SVM-light loader) given the files by path.
        /// </summary>
        public bool IsLoadByPath(IMethodSymbol method) =>
            method.Name == "Load" && Is(method.ContainingType, _dataLoaderExtensions)
            && method.Parameters.Length == 2 && method.Parameters[1] is { IsParams: true, Type: IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String } };

        public bool IsTextFileLoader(IMethodSymbol method) => method.Name == "LoadFromTextFile" && Is(method.ContainingType, _textCatalog);

        public bool IsCreateTextLoader(IMethodSymbol method) => method.Name == "CreateTextLoader" && Is(method.ContainingType, _textCatalog);

        /// <summary><c>TextLoader.Load(IMultiStreamSource)</c>.</summary>
        public bool IsTextLoaderLoad(IMethodSymbol method) => method.Name == "Load" && Is(method.ContainingType, _textLoader);

        /// <summary><c>Model.Save</c>, <c>Model.Load</c>, <c>Model.LoadWithDataLoader</c> (their file-path overloads).</summary>
        public bool IsModelFileCall(IMethodSymbol method) =>
            (method.Name == "Save" || method.Name == "Load" || method.Name == "LoadWithDataLoader") && Is(method.ContainingType, _modelOperations);

        public bool IsMultiFileSource(ITypeSymbol? type) => Is(type, _multiFileSource);

        /// <summary>The paths of a <c>new MultiFileSource(...)</c> written out in its argument list.</summary>
        public static void CollectMultiFileSourcePaths(IObjectCreationOperation creation, List<IOperation> paths)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    if (OperationHelpers.SkipConversions(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                        {
                            paths.Add(element);
                        }
                    }
                }
                else if (argument.Value.Type?.SpecialType == SpecialType.System_String)
                {
                    paths.Add(argument.Value);
                }
            }
        }

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
    }
}
