// Generates samples/TaxiFare/data/taxi-fare.csv: 2,000 synthetic New York City yellow-cab trips
// in the column layout of the NYC TLC trip records used by the ML.NET taxi-fare tutorial.
//
// Run from the repository root (a .NET 10 file-based app, no project needed):
//
//     dotnet run samples/TaxiFare/data/GenerateData.cs
//
// The output is byte-for-byte reproducible: a fixed seed, System.Random's seeded algorithm (stable
// across .NET versions), invariant-culture formatting and "\n" line endings. An optional argument
// overrides the output path.

using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

const int Seed = 2013;
const int RowCount = 2000;

string outputPath = args.Length > 0
    ? args[0]
    : Path.Combine(ThisDirectory(), "taxi-fare.csv");

var random = new Random(Seed);
var csv = new StringBuilder();
csv.Append("vendor_id,rate_code,passenger_count,trip_time_in_secs,trip_distance,payment_type,fare_amount\n");

for (int i = 0; i < RowCount; i++)
{
    string vendor = random.NextDouble() < 0.48 ? "CMT" : "VTS";

    // TLC rate codes: 1 standard, 2 JFK flat fare, 3 Newark, 4 Nassau/Westchester, 5 negotiated.
    int rateCode = Pick(random, [0.950, 0.030, 0.007, 0.005, 0.008]) + 1;

    // VTS records more large parties (minivans) than CMT.
    int passengers = Pick(
        random,
        vendor == "VTS" ? [0.62, 0.16, 0.05, 0.03, 0.09, 0.05] : [0.74, 0.16, 0.05, 0.03, 0.01, 0.01]) + 1;

    double distance = rateCode switch
    {
        2 => Clamp(Normal(random, 17.0, 2.5), 10.0, 25.0),   // Manhattan <-> JFK
        3 => Clamp(Normal(random, 18.0, 3.0), 12.0, 30.0),   // to Newark airport
        4 => Clamp(Normal(random, 16.0, 4.0), 8.0, 30.0),    // out to Nassau / Westchester
        5 => Clamp(LogNormal(random, 6.0, 0.6), 1.0, 40.0),  // negotiated, usually long
        _ => Clamp(LogNormal(random, 1.8, 0.75), 0.1, 25.0), // ordinary metered trip
    };
    distance = Math.Round(distance, 2);

    // Moving speed in mph (faster on long, highway-heavy trips) plus time standing in traffic.
    double speed = Clamp(Normal(random, distance > 8 ? 19.0 : 11.0, 3.0), 4.0, 35.0);
    double stoppedSeconds = -90.0 * Math.Log(1.0 - random.NextDouble());
    int tripSeconds = (int)Math.Round(Math.Max(60.0, distance / speed * 3600.0 + stoppedSeconds));

    // The meter's odometer disagrees with the recorded trip distance by a few per cent.
    double meteredDistance = distance * (1.0 + Normal(random, 0.0, 0.03));
    double minutes = tripSeconds / 60.0;
    double fare = rateCode switch
    {
        2 => 52.0,
        3 => Meter(meteredDistance, minutes) + 17.5,
        4 => Meter(meteredDistance, minutes) + Tick(2.5 * Math.Max(0.0, meteredDistance - 8.0)), // double rate past the city line
        5 => Math.Max(10.0, Math.Round(Meter(meteredDistance, minutes) * (0.9 + 0.5 * random.NextDouble()) / 5.0) * 5.0),
        _ => Meter(meteredDistance, minutes),
    };

    // Longer (dearer) trips are more often paid by card; NOC = no charge, DIS = dispute.
    double cardShare = Math.Min(0.80, 0.45 + 0.02 * distance);
    double u = random.NextDouble();
    string payment = u < 0.006 ? "NOC" : u < 0.010 ? "DIS" : u < 0.010 + cardShare * 0.99 ? "CRD" : "CSH";

    csv.Append(vendor).Append(',')
       .Append(rateCode.ToString(CultureInfo.InvariantCulture)).Append(',')
       .Append(passengers.ToString(CultureInfo.InvariantCulture)).Append(',')
       .Append(tripSeconds.ToString(CultureInfo.InvariantCulture)).Append(',')
       .Append(distance.ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
       .Append(payment).Append(',')
       .Append(fare.ToString("0.0#", CultureInfo.InvariantCulture)).Append('\n');
}

File.WriteAllText(outputPath, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
Console.WriteLine($"Wrote {RowCount} rows to {outputPath}");

// 2012-2018 NYC standard metered fare: $2.50 flag drop plus $0.50 per 1/5 mile when moving, or per
// minute when slow; approximated as $2.50 a mile plus part of the time beyond a 12 mph pace, in $0.50 ticks.
static double Meter(double miles, double minutes)
{
    return Tick(2.5 + 2.5 * miles + 0.35 * Math.Max(0.0, minutes - 5.0 * miles));
}

// The meter advances in $0.50 ticks.
static double Tick(double dollars) => Math.Round(dollars * 2.0, MidpointRounding.AwayFromZero) / 2.0;

static int Pick(Random random, double[] weights)
{
    double u = random.NextDouble();
    double cumulative = 0.0;
    for (int i = 0; i < weights.Length - 1; i++)
    {
        cumulative += weights[i];
        if (u < cumulative)
        {
            return i;
        }
    }

    return weights.Length - 1;
}

// Box-Muller transform: one standard normal draw from two uniforms.
static double Normal(Random random, double mean, double stdDev)
{
    double u1 = 1.0 - random.NextDouble();
    double u2 = random.NextDouble();
    return mean + stdDev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
}

// Log-normal with the given median.
static double LogNormal(Random random, double median, double sigma) =>
    Math.Exp(Normal(random, Math.Log(median), sigma));

static double Clamp(double value, double min, double max) => Math.Min(max, Math.Max(min, value));

static string ThisDirectory([CallerFilePath] string path = "") =>
    Path.GetDirectoryName(path) ?? Directory.GetCurrentDirectory();
