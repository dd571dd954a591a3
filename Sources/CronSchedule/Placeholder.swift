// CronSchedule: placeholder until the module lands.
