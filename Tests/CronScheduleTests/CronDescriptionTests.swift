import Testing

@testable import CronSchedule

@Suite("Plain-English descriptions")
struct CronDescriptionTests {
    @Test(arguments: [
        ("30 2 * * 1-5", "At 02:30 on Monday through Friday"),
        ("30 2 * * mon-fri", "At 02:30 on Monday through Friday"),
        ("* * * * *", "Every minute"),
        ("*/15 * * * *", "Every 15 minutes"),
        ("0 * * * *", "At minute 0 past every hour"),
        ("5,35 * * * *", "At minutes 5 and 35 past every hour"),
        ("0 0 * * *", "At 00:00"),
        ("@daily", "At 00:00"),
        ("@hourly", "At minute 0 past every hour"),
        ("@weekly", "At 00:00 on Sunday"),
        ("@monthly", "At 00:00 on day-of-month 1"),
        ("@yearly", "At 00:00 on day-of-month 1 in January"),
        ("0 9,17 * * *", "At 09:00 and 17:00"),
        ("15 6 1,15 * *", "At 06:15 on day-of-months 1 and 15"),
        ("0 12 1 * 0", "At 12:00 on day-of-month 1, or on Sunday"),
        ("0 12 1-7 * ?", "At 12:00 on day-of-months 1 through 7"),
        ("0 4 * * 0,6", "At 04:00 on Sunday and Saturday"),
        ("0 4 * jan-mar,dec *", "At 04:00 in January through March and December"),
        ("0 4 * 7 *", "At 04:00 in July"),
        ("*/10 9-17 * * 1-5", "Every 10 minutes during hours 9 through 17 on Monday through Friday"),
        ("0 */2 * * *", "At minute 0 past every 2nd hour"),
        ("*/5 */3 * * *", "Every 5 minutes during every 3rd hour"),
        ("5,35 9-17 * * *", "At minutes 5 and 35 past hours 9 through 17"),
        ("0,30 0-5,12 * * *", "Every 30 minutes during hours 0 through 5 and 12"),
        ("0,20 0-5,12 * * *", "At minutes 0 and 20 past hours 0 through 5 and 12"),
        ("* 3 * * *", "Every minute during hour 3"),
        ("0 0 1-31 * 1", "At 00:00"),
        ("0 0 13 * 5", "At 00:00 on day-of-month 13, or on Friday"),
        ("0 0 */1 * 5", "At 00:00 on Friday"),
        ("@every 1h30m", "Every 1 hour 30 minutes"),
        ("@every 90s", "Every 1 minute 30 seconds"),
        ("@every 48h", "Every 2 days"),
    ])
    func describes(_ expression: String, _ expected: String) throws {
        #expect(CronDescription.describe(try CronExpression.parse(expression)) == expected)
    }

    @Test func scheduleExposesDescription() throws {
        let cron = try CronJobSchedule("30 2 * * 1-5", timeZone: "Europe/Berlin")
        #expect(cron.englishDescription == "At 02:30 on Monday through Friday")
    }
}
