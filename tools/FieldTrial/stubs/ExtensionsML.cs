// Field trial stub: Microsoft.Extensions.ML is not served here. The public surface the samples call
// (PredictionEnginePool and its registration), declared with the package's names and namespaces; no behaviour.
// Written for the field trial from the API's documented signatures; no ML.NET code.
using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;

namespace Microsoft.Extensions.ML
{
    public class PredictionEnginePool<TData, TPrediction> where TData : class where TPrediction : class, new()
    {
        public ITransformer GetModel() => throw new NotSupportedException("field trial stub");
        public ITransformer GetModel(string modelName) => throw new NotSupportedException("field trial stub");
        public PredictionEngine<TData, TPrediction> GetPredictionEngine() => throw new NotSupportedException("field trial stub");
        public PredictionEngine<TData, TPrediction> GetPredictionEngine(string modelName) => throw new NotSupportedException("field trial stub");
        public void ReturnPredictionEngine(PredictionEngine<TData, TPrediction> engine) { }
        public void ReturnPredictionEngine(string modelName, PredictionEngine<TData, TPrediction> engine) { }
        public TPrediction Predict(TData example) => throw new NotSupportedException("field trial stub");
        public TPrediction Predict(string modelName, TData example) => throw new NotSupportedException("field trial stub");
    }

    public class PredictionEnginePoolBuilder<TData, TPrediction> where TData : class where TPrediction : class, new()
    {
        public IServiceCollection Services { get; }
        public PredictionEnginePoolBuilder<TData, TPrediction> FromFile(string filePath) => this;
        public PredictionEnginePoolBuilder<TData, TPrediction> FromFile(string filePath, bool watchForChanges) => this;
        public PredictionEnginePoolBuilder<TData, TPrediction> FromFile(string modelName, string filePath) => this;
        public PredictionEnginePoolBuilder<TData, TPrediction> FromFile(string modelName, string filePath, bool watchForChanges) => this;
        public PredictionEnginePoolBuilder<TData, TPrediction> FromUri(string uri) => this;
        public PredictionEnginePoolBuilder<TData, TPrediction> FromUri(Uri uri) => this;
        public PredictionEnginePoolBuilder<TData, TPrediction> FromUri(string modelName, string uri) => this;
        public PredictionEnginePoolBuilder<TData, TPrediction> FromUri(string modelName, Uri uri) => this;
        public PredictionEnginePoolBuilder<TData, TPrediction> FromUri(string modelName, Uri uri, TimeSpan period) => this;
    }

    public static class PredictionEnginePoolServiceCollectionExtensions
    {
        public static PredictionEnginePoolBuilder<TData, TPrediction> AddPredictionEnginePool<TData, TPrediction>(
            this IServiceCollection services) where TData : class where TPrediction : class, new()
            => new PredictionEnginePoolBuilder<TData, TPrediction>();
    }
}
