// Loads each .properties file named on the command line with java.util.Properties, twice:
// load(InputStream) (ISO-8859-1) and load(Reader) over UTF-8, and prints a JSON array of
// {"stream": {...}, "reader": {...}}, every character outside printable ASCII as a JSON u-escape, so
// the exact UTF-16 strings Java holds reach the test. Used by tests/support/java-properties.ts.
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;

public class PropertiesDump {
  public static void main(String[] args) throws Exception {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < args.length; i++) {
      Path path = Path.of(args[i]);
      Properties stream = new Properties();
      try (InputStream in = Files.newInputStream(path)) {
        stream.load(in);
      }
      Properties reader = new Properties();
      try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        reader.load(in);
      }
      out.append(i == 0 ? "" : ",").append("{\"stream\":");
      object(out, stream);
      out.append(",\"reader\":");
      object(out, reader);
      out.append('}');
    }
    System.out.print(out.append(']'));
  }

  private static void object(StringBuilder out, Properties props) {
    out.append('{');
    boolean first = true;
    for (String key : new TreeSet<>(props.stringPropertyNames())) {
      if (!first) out.append(',');
      first = false;
      string(out, key);
      out.append(':');
      string(out, props.getProperty(key));
    }
    out.append('}');
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    out.append('"');
  }
}
