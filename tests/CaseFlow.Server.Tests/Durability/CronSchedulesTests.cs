using CaseFlow.Cases.Jobs;

namespace CaseFlow.Server.Tests.Durability;

public class CronSchedulesTests
{
    [Theory]
    [InlineData("0 30 5 * * ?", "0 30 5 * * ?")]
    [InlineData("0 30 5 * * ? 2030", "0 30 5 * * ?")]
    [InlineData("*/5 * * * *", "*/5 * * * *")]
    [InlineData("  0  0 12 ? * WED ", "0 0 12 ? * WED")]
    public void FromElsaCron_KeepsWhatHangfireReads_AndDropsTheYear(string elsa, string hangfire) =>
        Assert.Equal(hangfire, CronSchedules.FromElsaCron(elsa));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("* *")]
    public void FromElsaCron_IsNull_ForOtherShapes(string? elsa) => Assert.Null(CronSchedules.FromElsaCron(elsa));

    [Theory]
    [InlineData("00:00:01", "*/1 * * * * *")]
    [InlineData("00:00:15", "*/15 * * * * *")]
    [InlineData("00:05:00", "0 */5 * * * *")]
    [InlineData("06:00:00", "0 0 */6 * * *")]
    [InlineData("1.00:00:00", "0 0 0 * * *")]
    [InlineData("00:00:07", null)]
    [InlineData("00:07:00", null)]
    [InlineData("00:01:30", null)]
    [InlineData("00:00:00", null)]
    public void FromInterval_IsACron_OnlyWhenTheIntervalDividesItsUnit(string interval, string? cron) =>
        Assert.Equal(cron, CronSchedules.FromInterval(TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture)));
}
