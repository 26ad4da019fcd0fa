import type { SecretRuleSpec } from '../types.js';
import { rejectPlaceholder } from './helpers.js';

/** A password in a connection string that is a reference, a template or a placeholder. */
function placeholderPassword(secret: string): boolean {
  return (
    /^(?:\$|%|\{|<|\*+$|x+$|\.\.\.)/i.test(secret) ||
    /\$\{|\{\{|%\(|%s/.test(secret) ||
    /^(?:pass(?:word|wd)?|pwd|secret|user(?:name)?|admin|root|test|changeme|dbpass(?:word)?|mypass(?:word)?|your[_-]?password)$/i.test(secret) ||
    rejectPlaceholder(secret)
  );
}

const USER = '[^\\s:/@\'"`<>]{0,128}';
const PASSWORD = '[^\\s:@/\'"`<>]{1,256}';
const HOST = '(?<host>[A-Za-z0-9_-]{1,63}(?:\\.[A-Za-z0-9_-]{1,63}){0,10})';
/** Documentation hosts (RFC 2606): `example.com`, `db.example.org`, `host.test`… */
const EXAMPLE_HOST = /(?:^|\.)(?:example(?:\.(?:com|org|net))?|test|invalid)$/i;

function uriRule(id: string, title: string, category: string, scheme: string, keywords: string[]): SecretRuleSpec {
  return {
    id,
    category,
    title,
    severity: 'CRITICAL',
    keywords,
    regex: new RegExp(`(?<![A-Za-z0-9+.-])(?:${scheme})://${USER}:(?<secret>${PASSWORD})@${HOST}`),
    anchor: 'keyword',
    reject: (s, m) => placeholderPassword(s) || EXAMPLE_HOST.test(m.groups.host ?? ''),
  };
}

/**
 * Database and service connection strings that carry a password: PostgreSQL, MySQL, MongoDB,
 * Redis, AMQP URIs; ADO.NET / ODBC `Password=`; JDBC `password=`; and any `scheme://user:pass@host`.
 * Only the password is the secret (and masked).
 */
export const databaseRules: SecretRuleSpec[] = [
  uriRule('postgres-connection-uri', 'PostgreSQL Connection URI with Password', 'PostgreSQL', 'postgres(?:ql)?(?:\\+[a-z0-9]{1,20})?', ['postgres://', 'postgresql://', 'postgres+', 'postgresql+']),
  uriRule('mysql-connection-uri', 'MySQL Connection URI with Password', 'MySQL', 'mysql(?:x|\\+[a-z0-9]{1,20})?|mariadb', ['mysql://', 'mysqlx://', 'mysql+', 'mariadb://']),
  uriRule('mongodb-connection-uri', 'MongoDB Connection URI with Password', 'MongoDB', 'mongodb(?:\\+srv)?', ['mongodb://', 'mongodb+srv://']),
  uriRule('redis-connection-uri', 'Redis Connection URI with Password', 'Redis', 'rediss?', ['redis://', 'rediss://']),
  uriRule('amqp-connection-uri', 'AMQP (RabbitMQ) Connection URI with Password', 'RabbitMQ', 'amqps?', ['amqp://', 'amqps://']),
  {
    id: 'ado-net-connection-string',
    category: 'Database',
    title: 'Connection String with Password (ADO.NET / ODBC)',
    severity: 'HIGH',
    keywords: ['password=', 'pwd='],
    regex: /(?<![A-Za-z])(?:server|data source|host|address|addr|hostname)=[^;"'\r\n]{1,200};(?:[^;"'\r\n]{0,200};){0,10}?[ \t]{0,2}(?:password|pwd)=(?<secret>[^;"'\r\n]{1,128})/i,
    anchor: 'window',
    window: { before: 600, after: 140 },
    reject: placeholderPassword,
  },
  {
    id: 'jdbc-connection-password',
    category: 'Database',
    title: 'JDBC URL with Password',
    severity: 'HIGH',
    keywords: ['jdbc:'],
    regex: /jdbc:[a-z0-9]{2,20}:[^\s"'<>]{1,400}?[?&;:]password=(?<secret>[^&;\s"'<>]{1,128})/i,
    anchor: 'keyword',
    reject: placeholderPassword,
  },
  {
    id: 'uri-credentials',
    category: 'Generic',
    title: 'Credentials in URI',
    severity: 'HIGH',
    keywords: ['://'],
    regex: new RegExp(`://(?<user>[^\\s:/@'"\`<>]{1,128}):(?<secret>${PASSWORD})@${HOST}`),
    anchor: 'keyword',
    generic: true,
    reject: (s, m) => s.length < 3 || placeholderPassword(s) || (m.groups.user ?? '') === s || /^(?:user(?:name)?|login)$/i.test(m.groups.user ?? '') || EXAMPLE_HOST.test(m.groups.host ?? ''),
  },
];
