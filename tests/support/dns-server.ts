// A real DNS server on 127.0.0.1 (dns2 over UDP) answering MX queries from a table; any other
// name is NXDOMAIN. Node's own resolver (c-ares) talks to it via setServers(['127.0.0.1:PORT']).
import dns2 from 'dns2';

const { Packet } = dns2;
/** RFC 1035 4.1.1 (dns2's typings lack Packet.RCODE). */
const NXDOMAIN = 3;

export interface TestDnsServer {
  /** For Resolver.setServers. */
  address: string;
  port: number;
  /** Names asked for, in order (lower-cased). */
  queries: string[];
  close(): Promise<void>;
}

/** records: domain → MX hosts (priority in list order, 10, 20, …). */
export async function startDnsServer(records: Record<string, string[]>): Promise<TestDnsServer> {
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      const name = (question?.name ?? '').toLowerCase();
      queries.push(name);
      const mx = Object.hasOwn(records, name) ? records[name] : undefined;
      if (!mx) {
        response.header.rcode = NXDOMAIN;
      } else if (question?.type === Packet.TYPE.MX) {
        // dns2's typings want a parsed Resource (with toBuffer); the encoder takes plain records.
        const answers = response.answers as unknown[];
        mx.forEach((exchange, i) =>
          answers.push({
            name,
            type: Packet.TYPE.MX,
            class: Packet.CLASS.IN,
            ttl: 60,
            exchange,
            priority: 10 * (i + 1),
          }),
        );
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = addresses.udp?.port;
  if (!port) throw new Error('the DNS server did not start');
  return { address: `127.0.0.1:${port}`, port, queries, close: () => server.close() };
}
