package org.mtrace.dwarf;

import java.util.ArrayList;
import java.util.List;

/**
 * Itanium C++ ABI demangler for the common cases (nested and local names, constructors, destructors,
 * operators, templates, builtin, qualified, pointer, reference, function and array types, substitutions,
 * clone suffixes), printing as c++filt does. Names it cannot parse are returned unchanged, so callers can
 * always use the result.
 */
public final class Demangler {
    private final String s;
    private int p;
    private final List<String> subs = new ArrayList<>();
    private List<String> templateArgs = new ArrayList<>();

    private Demangler(String s) { this.s = s; }

    /** The demangled name, or {@code mangled} itself if it is not a (supported) mangled C++ name. */
    public static String demangle(String mangled) {
        if (mangled == null || !mangled.startsWith("_Z")) return mangled;
        try {
            Demangler d = new Demangler(mangled);
            d.p = 2;
            String r = d.encoding(true);
            while (d.p < d.s.length() && d.s.charAt(d.p) == '.') {
                int end = d.s.indexOf('.', d.p + 1);
                if (end < 0) end = d.s.length();
                // gcc clones: ".cold", ".isra.0" ... print as c++filt: " [clone .isra.0]" per dot group
                String suffix = d.s.substring(d.p, end);
                int q = end;
                while (q < d.s.length() && d.s.charAt(q) == '.' && q + 1 < d.s.length()
                        && Character.isDigit(d.s.charAt(q + 1))) {
                    int e2 = q + 1;
                    while (e2 < d.s.length() && Character.isDigit(d.s.charAt(e2))) e2++;
                    suffix += d.s.substring(q, e2);
                    q = e2;
                }
                r += " [clone " + suffix + "]";
                d.p = q;
            }
            return d.p == d.s.length() ? r.replace("(\u0000)", "").replace("\u0000", "") : mangled;
        } catch (RuntimeException e) {
            return mangled;
        }
    }

    private char peek() { return p < s.length() ? s.charAt(p) : '\0'; }
    private char peek(int k) { return p + k < s.length() ? s.charAt(p + k) : '\0'; }
    private boolean eat(char c) { if (peek() == c) { p++; return true; } return false; }
    private boolean eat(String t) { if (s.startsWith(t, p)) { p += t.length(); return true; } return false; }
    private RuntimeException fail() { return new IllegalArgumentException("cannot demangle at " + p); }

    /** encoding ::= name [bare-function-type] */
    private String encoding(boolean top) {
        Name n = name();
        if (p >= s.length() || peek() == 'E' || peek() == '.') return n.text;
        // Template functions encode their return type first.
        String ret = null;
        if (n.template && !n.ctorDtor) ret = type();
        String params = bareParams();
        String out = n.text + params + n.cvSuffix;
        return ret != null && top ? ret + " " + out : out;
    }

    private String bareParams() {
        List<String> ps = new ArrayList<>();
        while (p < s.length() && peek() != 'E' && peek() != '.') ps.add(type());
        if (ps.size() == 1 && ps.get(0).equals("void")) ps.clear();
        return "(" + String.join(", ", ps) + ")";
    }

    private record Name(String text, boolean template, boolean ctorDtor, String cvSuffix) {}

    private Name name() {
        if (eat('N')) return nested();
        if (eat('Z')) {
            String enc = encoding(false);
            if (!eat('E')) throw fail();
            if (eat('s')) { discriminator(); return new Name(enc + "::string literal", false, false, ""); }
            Name inner = name();
            discriminator();
            return new Name(enc + "::" + inner.text, inner.template, inner.ctorDtor, inner.cvSuffix);
        }
        String u;
        boolean substituted = peek() == 'S' && !s.startsWith("St", p);
        if (substituted) {
            u = substitution(); // only a template name may stand here: template args must follow
            if (peek() != 'I') throw fail();
        } else {
            u = (eat("St") ? "std::" : "") + unqualified(null);
        }
        if (peek() == 'I') {
            if (!substituted) subs.add(u); // an unscoped template name is itself a substitution candidate
            String args = templateArgs();
            String full = u + args;
            return new Name(full, true, false, "");
        }
        return new Name(u, false, false, "");
    }

    private void discriminator() {
        if (eat('_')) {
            if (eat('_')) { while (Character.isDigit(peek())) p++; eat('_'); }
            else while (Character.isDigit(peek())) p++;
        }
    }

    private Name nested() {
        StringBuilder cv = new StringBuilder();
        while (true) {
            if (eat('r')) cv.append(" restrict");
            else if (eat('V')) cv.append(" volatile");
            else if (eat('K')) cv.append(" const");
            else break;
        }
        String ref = eat('R') ? " &" : eat('O') ? " &&" : "";
        String cur = null;
        String last = null;
        boolean template = false, ctorDtor = false;
        while (!eat('E')) {
            if (p >= s.length()) throw fail();
            String piece;
            if (peek() == 'S' && !s.startsWith("St", p)) {
                cur = substitution();
                template = false;
                continue;
            } else if (eat("St")) {
                cur = cur == null ? "std" : cur + "::std";
                continue;
            } else if (peek() == 'I') {
                if (cur == null) throw fail();
                cur = cur + templateArgs();
                template = true;
                if (peek() != 'E') subs.add(cur);
                continue;
            } else if (peek() == 'T') {
                cur = templateParam();
                if (peek() != 'E') subs.add(cur);
                continue;
            } else if (peek() == 'C' || peek() == 'D' && "012".indexOf(peek(1)) >= 0) {
                piece = ctorDtor(last);
                ctorDtor = true;
            } else {
                piece = unqualified(null);
                last = piece.contains("<") ? piece.substring(0, piece.indexOf('<')) : piece;
                ctorDtor = false;
            }
            template = false;
            cur = cur == null ? piece : cur + "::" + piece;
            if (peek() != 'E') subs.add(cur);
        }
        return new Name(cur, template, ctorDtor, cv + ref);
    }

    private String ctorDtor(String cls) {
        if (cls == null) throw fail();
        String base = cls.contains("::") ? cls.substring(cls.lastIndexOf("::") + 2) : cls;
        if (eat('C')) {
            eat('I');
            if ("123".indexOf(peek()) < 0) throw fail();
            p++;
            return base;
        }
        eat('D');
        p++;
        return "~" + base;
    }

    private String unqualified(String cls) {
        char c = peek();
        if (Character.isDigit(c)) return sourceName();
        if (eat("Ut")) {
            int n = 1;
            if (Character.isDigit(peek())) n = number() + 2;
            if (!eat('_')) throw fail();
            return "{unnamed type#" + n + "}";
        }
        if (eat("Ul")) {
            List<String> ps = new ArrayList<>();
            while (peek() != 'E') ps.add(type());
            p++;
            int n = 1;
            if (Character.isDigit(peek())) n = number() + 2;
            if (!eat('_')) throw fail();
            if (ps.size() == 1 && ps.get(0).equals("void")) ps.clear();
            return "{lambda(" + String.join(", ", ps) + ")#" + n + "}";
        }
        if (eat('L')) return sourceName(); // internal-linkage name
        return operator();
    }

    private int number() {
        int start = p;
        while (Character.isDigit(peek())) p++;
        if (start == p) throw fail();
        return Integer.parseInt(s.substring(start, p));
    }

    private String sourceName() {
        int len = number();
        if (p + len > s.length()) throw fail();
        String id = s.substring(p, p + len);
        p += len;
        return id.startsWith("_GLOBAL__N") ? "(anonymous namespace)" : id;
    }

    private static final String[][] OPS = {
            {"nw", "new"}, {"na", "new[]"}, {"dl", "delete"}, {"da", "delete[]"}, {"ps", "+"}, {"ng", "-"},
            {"ad", "&"}, {"de", "*"}, {"co", "~"}, {"pl", "+"}, {"mi", "-"}, {"ml", "*"}, {"dv", "/"},
            {"rm", "%"}, {"an", "&"}, {"or", "|"}, {"eo", "^"}, {"aS", "="}, {"pL", "+="}, {"mI", "-="},
            {"mL", "*="}, {"dV", "/="}, {"rM", "%="}, {"aN", "&="}, {"oR", "|="}, {"eO", "^="}, {"ls", "<<"},
            {"rs", ">>"}, {"lS", "<<="}, {"rS", ">>="}, {"eq", "=="}, {"ne", "!="}, {"lt", "<"}, {"gt", ">"},
            {"le", "<="}, {"ge", ">="}, {"ss", "<=>"}, {"nt", "!"}, {"aa", "&&"}, {"oo", "||"}, {"pp", "++"},
            {"mm", "--"}, {"cm", ","}, {"pm", "->*"}, {"pt", "->"}, {"cl", "()"}, {"ix", "[]"}};

    private String operator() {
        for (String[] op : OPS) {
            if (s.startsWith(op[0], p)) {
                p += 2;
                String sym = op[1];
                return "operator" + (Character.isLetter(sym.charAt(0)) ? " " : "") + sym;
            }
        }
        if (eat("cv")) return "operator " + type();
        throw fail();
    }

    private String templateArgs() {
        if (!eat('I')) throw fail();
        List<String> args = new ArrayList<>();
        while (!eat('E')) args.add(templateArg());
        templateArgs = args;
        String joined = String.join(", ", args);
        return "<" + joined + (joined.endsWith(">") ? " >" : ">");
    }

    private String templateArg() {
        if (eat('L')) {
            if (eat("_Z")) { String e = encoding(false); if (!eat('E')) throw fail(); return e; }
            String t = type();
            boolean neg = eat('n');
            int start = p;
            while (peek() != 'E') p++;
            String v = (neg ? "-" : "") + s.substring(start, p);
            p++;
            if (t.equals("bool")) return v.equals("0") ? "false" : "true";
            if (t.equals("int")) return v;
            if (t.equals("unsigned int")) return v + "u";
            if (t.equals("long")) return v + "l";
            if (t.equals("unsigned long")) return v + "ul";
            return "(" + t + ")" + v;
        }
        if (eat('J')) {
            List<String> args = new ArrayList<>();
            while (!eat('E')) args.add(templateArg());
            return String.join(", ", args);
        }
        if (peek() == 'X') throw fail();
        return type();
    }

    private String templateParam() {
        if (!eat('T')) throw fail();
        int n = eat('_') ? 0 : number() + 1;
        if (n > 0 && !eat('_')) throw fail();
        if (n >= templateArgs.size()) throw fail();
        return templateArgs.get(n);
    }

    private String substitution() {
        if (!eat('S')) throw fail();
        char c = peek();
        switch (c) {
            case 'a': p++; return "std::allocator";
            case 'b': p++; return "std::basic_string";
            case 's': p++; return "std::string";
            case 'i': p++; return "std::istream";
            case 'o': p++; return "std::ostream";
            case 'd': p++; return "std::iostream";
            default: break;
        }
        int idx = 0;
        if (c != '_') {
            int v = 0;
            while (peek() != '_') {
                char d = s.charAt(p++);
                v = v * 36 + (Character.isDigit(d) ? d - '0' : d >= 'A' && d <= 'Z' ? d - 'A' + 10 : -1000);
                if (v < 0) throw fail();
            }
            idx = v + 1;
        }
        if (!eat('_')) throw fail();
        if (idx >= subs.size()) throw fail();
        return subs.get(idx);
    }

    private static final String BUILTIN = "vwbcahstijlmxynofdegz";
    private static final String[] BUILTIN_NAMES = {"void", "wchar_t", "bool", "char", "signed char",
            "unsigned char", "short", "unsigned short", "int", "unsigned int", "long", "unsigned long",
            "long long", "unsigned long long", "__int128", "unsigned __int128", "float", "double",
            "long double", "__float128", "..."};

    /** A type as c++filt spells it ({@code char const*}, {@code int (*)(long)}). */
    private String type() {
        char c = peek();
        int b = BUILTIN.indexOf(c);
        if (b >= 0 && c != '\0') { p++; return BUILTIN_NAMES[b]; }
        switch (c) {
            case 'D': {
                char d = peek(1);
                String n = switch (d) {
                    case 'n' -> "decltype(nullptr)";
                    case 'i' -> "char32_t";
                    case 's' -> "char16_t";
                    case 'u' -> "char8_t";
                    case 'a' -> "auto";
                    default -> null;
                };
                if (n != null) { p += 2; return n; }
                if (d == 'p') { p += 2; String t = type(); subs.add(t + "..."); return t + "..."; }
                throw fail();
            }
            case 'K': case 'V': case 'r': {
                StringBuilder q = new StringBuilder();
                while (true) {
                    if (eat('r')) q.insert(0, " restrict");
                    else if (eat('V')) q.insert(0, " volatile");
                    else if (eat('K')) q.insert(0, " const");
                    else break;
                }
                String inner = type();
                String t = attach(inner, q.toString());
                subs.add(t);
                return t;
            }
            case 'P': case 'R': case 'O': {
                p++;
                String op = c == 'P' ? "*" : c == 'R' ? "&" : "&&";
                String inner = type();
                String t = attach(inner, op);
                subs.add(t);
                return t;
            }
            case 'F': {
                p++;
                eat('Y');
                String ret = type();
                List<String> ps = new ArrayList<>();
                while (!eat('E')) {
                    if (eat('R') || eat('O')) { if (peek() == 'E') continue; p--; }
                    ps.add(type());
                }
                if (ps.size() == 1 && ps.get(0).equals("void")) ps.clear();
                String t = ret + " (" + "\u0000" + ")(" + String.join(", ", ps) + ")";
                subs.add(t);
                return t;
            }
            case 'A': {
                p++;
                String dim = Character.isDigit(peek()) ? String.valueOf(number()) : "";
                if (!eat('_')) throw fail();
                String elem = type();
                String t = elem + " [" + dim + "]";
                subs.add(t);
                return t;
            }
            case 'T': {
                String t = templateParam();
                subs.add(t);
                if (peek() == 'I') { t = t + templateArgs(); subs.add(t); }
                return t;
            }
            case 'S': {
                if (s.startsWith("St", p)) {
                    Name n = name();
                    subs.add(n.text);
                    return n.text;
                }
                String t = substitution();
                if (peek() == 'I') { t = t + templateArgs(); subs.add(t); }
                return t;
            }
            case 'N': case 'Z': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
            case '8': case '9': {
                Name n = name();
                subs.add(n.text);
                return n.text;
            }
            case 'u': { p++; return sourceName(); }
            default: throw fail();
        }
    }

    /** Adds a pointer/reference/qualifier to a type, inside a function type's "(*)" slot when there is one. */
    private static String attach(String inner, String op) {
        int slot = inner.indexOf('\u0000');
        if (slot >= 0) return inner.substring(0, slot) + op.trim() + "\u0000" + inner.substring(slot + 1);
        if (inner.endsWith("]")) {
            int br = inner.lastIndexOf(" [");
            return inner.substring(0, br) + " (" + op.trim() + ")" + inner.substring(br);
        }
        if (op.startsWith(" ")) return inner + op;
        return inner + op;
    }
}
