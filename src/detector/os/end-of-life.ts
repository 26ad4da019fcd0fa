/**
 * When each distribution release stops getting security updates (the end of its vendor's
 * security support, LTS included), as published by each vendor. A release past that date is
 * reported as `Metadata.OS.EOSL: true`, as trivy does: its package list may look clean only
 * because nobody checks it any more.
 */
const END_OF_SUPPORT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  alpine: {
    '2.0': '2012-04-01', '2.1': '2012-11-01', '2.2': '2013-05-01', '2.3': '2013-11-01', '2.4': '2014-05-01', '2.5': '2014-11-01', '2.6': '2015-05-01', '2.7': '2015-11-01',
    '3.0': '2016-05-01', '3.1': '2016-11-01', '3.2': '2017-05-01', '3.3': '2017-11-01', '3.4': '2018-05-01', '3.5': '2018-11-01', '3.6': '2019-05-01', '3.7': '2019-11-01',
    '3.8': '2020-05-01', '3.9': '2020-11-01', '3.10': '2021-05-01', '3.11': '2021-11-01', '3.12': '2022-05-01', '3.13': '2022-11-01', '3.14': '2023-05-01',
    '3.15': '2023-11-01', '3.16': '2024-05-23', '3.17': '2024-11-22', '3.18': '2025-05-09', '3.19': '2025-11-01', '3.20': '2026-04-01', '3.21': '2026-11-01',
    '3.22': '2027-05-01', '3.23': '2027-11-01',
  },
  debian: { '6': '2016-02-29', '7': '2018-05-31', '8': '2020-06-30', '9': '2022-06-30', '10': '2024-06-30', '11': '2026-08-31', '12': '2028-06-30', '13': '2030-06-30' },
  ubuntu: {
    '12.04': '2017-04-28', '14.04': '2019-04-25', '16.04': '2021-04-30', '18.04': '2023-05-31', '20.04': '2025-05-29', '22.04': '2027-06-01', '24.04': '2029-05-31',
    '18.10': '2019-07-18', '19.04': '2020-01-23', '19.10': '2020-07-17', '20.10': '2021-07-22', '21.04': '2022-01-20', '21.10': '2022-07-14', '22.10': '2023-07-20',
    '23.04': '2024-01-25', '23.10': '2024-07-11', '24.10': '2025-07-10', '25.04': '2026-01-15', '25.10': '2026-07-09', '26.04': '2031-05-31',
  },
  centos: { '5': '2017-03-31', '6': '2020-11-30', '7': '2024-06-30', '8': '2021-12-31' },
  redhat: { '5': '2017-03-31', '6': '2020-11-30', '7': '2024-06-30', '8': '2029-05-31', '9': '2032-05-31', '10': '2035-05-31' },
  rocky: { '8': '2029-05-31', '9': '2032-05-31', '10': '2035-05-31' },
  alma: { '8': '2029-05-01', '9': '2032-05-31', '10': '2035-05-31' },
  oracle: { '5': '2017-06-30', '6': '2021-03-01', '7': '2024-12-31', '8': '2029-07-31', '9': '2032-06-30' },
  amazon: { '1': '2023-12-31', '2': '2026-06-30', '2022': '2023-03-15', '2023': '2029-06-30' },
  'opensuse-leap': { '15.0': '2019-12-03', '15.1': '2021-01-31', '15.2': '2021-12-31', '15.3': '2022-12-31', '15.4': '2023-12-07', '15.5': '2024-12-31', '15.6': '2025-12-31' },
};

/**
 * The end of security support of a release, or undefined when unknown (rolling releases,
 * distributions not in the table). Releases are looked up by their major (Debian, Red Hat
 * family, Amazon) or major.minor (Alpine, Ubuntu, openSUSE) version.
 */
export function endOfSupport(family: string, version: string): Date | undefined {
  const table = END_OF_SUPPORT[family];
  if (!table) return undefined;
  const parts = version.split(/[.\s]/);
  const key = [parts.slice(0, 2).join('.'), parts[0]].find((k) => k in table);
  return key ? new Date(`${table[key]}T23:59:59Z`) : undefined;
}

/** True when the release is known and past its end of security support at `now`. */
export function isEndOfLife(family: string, version: string, now: Date = new Date()): boolean {
  const end = endOfSupport(family, version);
  return end !== undefined && end.getTime() < now.getTime();
}
