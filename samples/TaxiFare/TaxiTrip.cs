using Microsoft.ML.Data;

namespace TaxiFare
{
    /// <summary>One row of data/taxi-fare.csv: a yellow-cab trip and the fare the meter charged.</summary>
    public sealed class TaxiTrip
    {
        [LoadColumn(0)]
        public string VendorId { get; set; } = string.Empty;

        /// <summary>TLC rate code: 1 standard, 2 JFK, 3 Newark, 4 Nassau/Westchester, 5 negotiated. Categorical.</summary>
        [LoadColumn(1)]
        public string RateCode { get; set; } = string.Empty;

        [LoadColumn(2)]
        public float PassengerCount { get; set; }

        [LoadColumn(3)]
        public float TripTime { get; set; }

        [LoadColumn(4)]
        public float TripDistance { get; set; }

        /// <summary>CRD card, CSH cash, NOC no charge, DIS dispute. Categorical.</summary>
        [LoadColumn(5)]
        public string PaymentType { get; set; } = string.Empty;

        /// <summary>The label: the metered fare in US dollars, excluding tips, tolls and surcharges.</summary>
        [LoadColumn(6)]
        public float FareAmount { get; set; }
    }

    /// <summary>The model's output for one trip.</summary>
    public sealed class TaxiFarePrediction
    {
        [ColumnName("Score")]
        public float PredictedFare { get; set; }
    }
}
