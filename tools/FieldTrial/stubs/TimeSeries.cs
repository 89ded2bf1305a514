// Field trial stub: Microsoft.ML.TimeSeries is not served here. The public surface the samples call, declared with
// ML.NET's names and namespaces so the code binds as it would against the real package; no behaviour. Written for
// the field trial from the API's documented signatures; no ML.NET code.
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.TimeSeries;
using Microsoft.ML.Transforms.TimeSeries;

namespace Microsoft.ML.TimeSeries
{
    public enum SrCnnDetectMode { AnomalyOnly = 0, AnomalyAndExpectedValue = 1, AnomalyAndMargin = 2 }
    public enum SrCnnDeseasonalityMode { Stl = 0, Mean = 1, Median = 2 }
    public sealed class SrCnnEntireAnomalyDetectorOptions
    {
        public double Threshold { get; set; } = 0.3;
        public int BatchSize { get; set; } = 1024;
        public double Sensitivity { get; set; } = 99;
        public SrCnnDetectMode DetectMode { get; set; }
        public int Period { get; set; }
        public SrCnnDeseasonalityMode DeseasonalityMode { get; set; }
    }
}

namespace Microsoft.ML.Transforms.TimeSeries
{
    public enum AnomalySide { Positive, Negative, TwoSided }
    public enum MartingaleType { None, Power, Mixture }
    public enum ErrorFunction { SignedDifference, AbsoluteDifference, SignedProportion, AbsoluteProportion, SquaredDifference }
    public enum RankSelectionMethod { Fixed, Exact, Fast }
    public struct GrowthRatio { public int TimeSpan { get; set; } public double Growth { get; set; } }

    public abstract class TimeSeriesStubEstimator : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => throw new System.NotSupportedException("field trial stub");
        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw new System.NotSupportedException("field trial stub");
    }
    public sealed class IidSpikeEstimator : TimeSeriesStubEstimator { }
    public sealed class IidChangePointEstimator : TimeSeriesStubEstimator { }
    public sealed class SsaSpikeEstimator : TimeSeriesStubEstimator { }
    public sealed class SsaChangePointEstimator : TimeSeriesStubEstimator { }
    public sealed class SsaForecastingEstimator : IEstimator<SsaForecastingTransformer>
    {
        public SsaForecastingTransformer Fit(IDataView input) => throw new System.NotSupportedException("field trial stub");
        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw new System.NotSupportedException("field trial stub");
    }
    public sealed class SsaForecastingTransformer : ITransformer
    {
        public bool IsRowToRowMapper => true;
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => throw new System.NotSupportedException("field trial stub");
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new System.NotSupportedException("field trial stub");
        public IDataView Transform(IDataView input) => throw new System.NotSupportedException("field trial stub");
        void ICanSaveModel.Save(ModelSaveContext ctx) { }
    }

    public sealed class TimeSeriesPredictionEngine<TSrc, TDst> where TSrc : class where TDst : class, new()
    {
        public TDst Predict(TSrc example) => throw new System.NotSupportedException("field trial stub");
        public TDst Predict(TSrc example, int? horizon = null, float? confidenceLevel = null) => throw new System.NotSupportedException("field trial stub");
        public TDst Predict(int? horizon = null, float? confidenceLevel = null) => throw new System.NotSupportedException("field trial stub");
        public void Predict(TSrc example, ref TDst prediction, int? horizon = null, float? confidenceLevel = null) { }
        public void CheckPoint(IHostEnvironment env, string modelPath) { }
        public void CheckPoint(IHostEnvironment env, Stream stream) { }
    }

    public static class PredictionFunctionExtensions
    {
        public static TimeSeriesPredictionEngine<TSrc, TDst> CreateTimeSeriesEngine<TSrc, TDst>(this ITransformer transformer,
            IHostEnvironment env, bool ignoreMissingColumns = false, SchemaDefinition inputSchemaDefinition = null,
            SchemaDefinition outputSchemaDefinition = null) where TSrc : class where TDst : class, new()
            => new TimeSeriesPredictionEngine<TSrc, TDst>();
    }
}

namespace Microsoft.ML
{
    public static class TimeSeriesCatalog
    {
        public static IidChangePointEstimator DetectIidChangePoint(this TransformsCatalog catalog, string outputColumnName,
            string inputColumnName, double confidence, int changeHistoryLength, MartingaleType martingale = MartingaleType.Power,
            double eps = 0.1) => new IidChangePointEstimator();
        public static IidSpikeEstimator DetectIidSpike(this TransformsCatalog catalog, string outputColumnName,
            string inputColumnName, double confidence, int pvalueHistoryLength, AnomalySide side = AnomalySide.TwoSided)
            => new IidSpikeEstimator();
        public static SsaChangePointEstimator DetectChangePointBySsa(this TransformsCatalog catalog, string outputColumnName,
            string inputColumnName, double confidence, int changeHistoryLength, int trainingWindowSize,
            int seasonalityWindowSize, ErrorFunction errorFunction = ErrorFunction.SignedDifference,
            MartingaleType martingale = MartingaleType.Power, double eps = 0.1) => new SsaChangePointEstimator();
        public static SsaSpikeEstimator DetectSpikeBySsa(this TransformsCatalog catalog, string outputColumnName,
            string inputColumnName, double confidence, int pvalueHistoryLength, int trainingWindowSize,
            int seasonalityWindowSize, AnomalySide side = AnomalySide.TwoSided,
            ErrorFunction errorFunction = ErrorFunction.SignedDifference) => new SsaSpikeEstimator();
        public static int DetectSeasonality(this AnomalyDetectionCatalog catalog, IDataView input, string inputColumnName,
            int seasonalityWindowSize = -1, double randomnessThreshold = 0.95) => 0;
        public static IDataView DetectEntireAnomalyBySrCnn(this AnomalyDetectionCatalog catalog, IDataView input,
            string outputColumnName, string inputColumnName, SrCnnEntireAnomalyDetectorOptions options) => input;
        public static SsaForecastingEstimator ForecastBySsa(this ForecastingCatalog catalog, string outputColumnName,
            string inputColumnName, int windowSize, int seriesLength, int trainSize, int horizon, bool isAdaptive = false,
            float discountFactor = 1, RankSelectionMethod rankSelectionMethod = RankSelectionMethod.Exact, int? rank = null,
            int? maxRank = null, bool shouldStabilize = true, bool shouldMaintainInfo = false, GrowthRatio? maxGrowth = null,
            string confidenceLowerBoundColumn = null, string confidenceUpperBoundColumn = null, float confidenceLevel = 0.95f,
            bool variableHorizon = false) => new SsaForecastingEstimator();
    }
}
