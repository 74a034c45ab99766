//! A small JSON reader and writer for the stored draft records.
//!
//! The records are a handful of flat fields, and the app's first visit is capped in size:
//! serde_json with the derived (de)serializers cost the wasm 17 KiB gzip for them (see
//! ARCHITECTURE.md, "Bundle size"). This reads any JSON text (RFC 8259) and writes what it
//! reads; tests compare it with serde_json on generated values.

/// A JSON value. Object members keep their order; a repeated key keeps its last value when
/// looked up, as JavaScript's `JSON.parse` does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Deeper nesting than any record has: a damaged or hostile record fails instead of running
/// the reader out of stack.
const MAX_DEPTH: usize = 64;

impl Value {
    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A whole number from 0 to 2^53 (larger ones are not exact in JSON's numbers).
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) if *n >= 0.0 && *n <= 9_007_199_254_740_992.0 && n.fract() == 0.0 => {
                // Exact: checked whole and in range just above.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Some(*n as u64)
            }
            _ => None,
        }
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// Reads one JSON text; the error says what is wrong and at which byte.
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        i: 0,
    };
    r.ws();
    let v = r.value(0)?;
    r.ws();
    if r.i < r.b.len() {
        return Err(r.err("text after the value"));
    }
    Ok(v)
}

struct Reader<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Reader<'_> {
    fn err(&self, what: &str) -> String {
        format!("{what} at byte {}", self.i)
    }

    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        match self.b.get(self.i) {
            None => Err(self.err("unexpected end")),
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.eat("}") {
                    return Ok(Value::Object(members));
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a key"));
                    }
                    let key = self.string()?;
                    self.ws();
                    if !self.eat(":") {
                        return Err(self.err("expected `:`"));
                    }
                    self.ws();
                    let v = self.value(depth + 1)?;
                    members.push((key, v));
                    self.ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("}") {
                        return Ok(Value::Object(members));
                    }
                    return Err(self.err("expected `,` or `}`"));
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat("]") {
                    return Ok(Value::Array(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("]") {
                        return Ok(Value::Array(items));
                    }
                    return Err(self.err("expected `,` or `]`"));
                }
            }
            Some(b'"') => self.string().map(Value::String),
            Some(b't') if self.eat("true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat("false") => Ok(Value::Bool(false)),
            Some(b'n') if self.eat("null") => Ok(Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    /// A number, as the float it denotes: exact for whole numbers up to 2^53 (all the records
    /// hold), within a rounding or two otherwise. Not through `str::parse::<f64>`, whose
    /// tables would cost the wasm more than this whole reader.
    fn number(&mut self) -> Result<Value, String> {
        let negative = self.eat("-");
        let mut mantissa: u64 = 0;
        let mut scale: i32 = 0;
        let mut push = |d: u8, after_point: bool| {
            if mantissa < 1_000_000_000_000_000_000 {
                mantissa = mantissa * 10 + u64::from(d - b'0');
                if after_point {
                    scale -= 1;
                }
            } else if !after_point {
                // Digits beyond u64's precision only scale the number.
                scale += 1;
            }
        };
        let start = self.i;
        while let Some(&d) = self.b.get(self.i).filter(|d| d.is_ascii_digit()) {
            push(d, false);
            self.i += 1;
        }
        let int = self.i - start;
        if int == 0 || (int > 1 && self.b[start] == b'0') {
            return Err(self.err("bad number"));
        }
        if self.eat(".") {
            let frac = self.i;
            while let Some(&d) = self.b.get(self.i).filter(|d| d.is_ascii_digit()) {
                push(d, true);
                self.i += 1;
            }
            if self.i == frac {
                return Err(self.err("bad number"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            let minus = self.eat("-") || {
                self.eat("+");
                false
            };
            let digits = self.i;
            let mut exp: i32 = 0;
            while let Some(&d) = self.b.get(self.i).filter(|d| d.is_ascii_digit()) {
                exp = exp.saturating_mul(10).saturating_add(i32::from(d - b'0'));
                self.i += 1;
            }
            if self.i == digits {
                return Err(self.err("bad number"));
            }
            scale = scale.saturating_add(if minus { -exp } else { exp });
        }
        // Exact below 2^53; the precision lost above that does not matter here.
        #[allow(clippy::cast_precision_loss)]
        let mut n = mantissa as f64;
        for _ in 0..scale.unsigned_abs().min(400) {
            n = if scale < 0 { n / 10.0 } else { n * 10.0 };
        }
        Ok(Value::Number(if negative { -n } else { n }))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let h = self
            .text
            .get(self.i..self.i + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("bad \\u escape"))?;
        self.i += 4;
        Ok(h)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&c) = self.b.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // `start..i` ends before an ASCII byte (or the end), so it is a char boundary.
            out.push_str(&self.text[start..self.i]);
            match self.b.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let e = *self
                        .b
                        .get(self.i)
                        .ok_or_else(|| self.err("unexpected end"))?;
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) && self.eat("\\u") {
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("bad surrogate pair"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(
                                char::from_u32(code).ok_or_else(|| self.err("lone surrogate"))?,
                            );
                        }
                        _ => return Err(self.err("bad escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in a string")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }
}

/// Writes `s` as a JSON string (quotes included).
pub(crate) fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[n >> 4]));
                out.push(char::from(HEX[n & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes an object's members in order: `{"k":v,…}`; each value is written by its closure.
pub(crate) struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    pub(crate) fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(k, self.out);
        self.out.push(':');
        self.out
    }

    pub(crate) fn str(&mut self, k: &str, v: &str) -> &mut Self {
        write_str(v, self.key(k));
        self
    }

    pub(crate) fn opt_str(&mut self, k: &str, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => self.str(k, v),
            None => {
                self.key(k).push_str("null");
                self
            }
        }
    }

    pub(crate) fn uint(&mut self, k: &str, v: u64) -> &mut Self {
        let o = self.key(k);
        o.push_str(&v.to_string());
        self
    }

    /// A time in milliseconds (whole: that is all the records keep; anything after the point
    /// is dropped, and a value out of range is written as 0).
    pub(crate) fn millis(&mut self, k: &str, v: f64) -> &mut Self {
        let whole = if v.is_finite() && v.abs() < 9.0e15 {
            // In range just checked; the fraction is dropped on purpose.
            #[allow(clippy::cast_possible_truncation)]
            {
                v.trunc() as i64
            }
        } else {
            0
        };
        self.key(k).push_str(&whole.to_string());
        self
    }

    pub(crate) fn bool(&mut self, k: &str, v: bool) -> &mut Self {
        self.key(k).push_str(if v { "true" } else { "false" });
        self
    }

    /// A member whose value the caller writes (an object or array), into the same string.
    pub(crate) fn raw(&mut self, k: &str, write: impl FnOnce(&mut String)) -> &mut Self {
        write(self.key(k));
        self
    }

    pub(crate) fn end(&mut self) {
        self.out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn from_serde(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap()),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::Array(a.iter().map(from_serde).collect()),
            serde_json::Value::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect())
            }
        }
    }

    /// Equal, numbers within a relative 1e-12 (the reader rounds at each power of ten).
    fn close(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
            }
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(a, b))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|((k, a), (l, b))| k == l && close(a, b))
            }
            _ => a == b,
        }
    }

    fn arb_json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            (-1e15f64..1e15).prop_map(|n| serde_json::json!(n)),
            ".*".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::btree_map("[a-z\"\\\\é]{0,6}", inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn reads_what_serde_json_writes(v in arb_json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            };
            let ours = parse(&text).unwrap();
            prop_assert!(close(&ours, &from_serde(&v)), "{:?} vs {:?}", ours, v);
        }

        #[test]
        fn never_panics_and_agrees_on_validity(s in ".{0,40}") {
            let ours = parse(&s).is_ok();
            let theirs = serde_json::from_str::<serde_json::Value>(&s).is_ok();
            prop_assert_eq!(ours, theirs, "{:?}", s);
        }

        #[test]
        fn strings_written_read_back(s in ".*") {
            let mut out = String::new();
            write_str(&s, &mut out);
            prop_assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s.clone());
            prop_assert_eq!(parse(&out).unwrap(), Value::String(s));
        }
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(parse("{\"a\":1,").unwrap_err(), "expected a key at byte 7");
        assert!(parse("[01]").is_err());
        assert!(parse("\"\\ud800\"").is_err());
        assert_eq!(
            parse("\"\\ud83e\\udd80\"").unwrap(),
            Value::String("🦀".into())
        );
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep).unwrap_err(), "nesting too deep at byte 65");
        let v = parse(r#"{"a":1,"a":2.5,"b":[true,null]}"#).unwrap();
        assert_eq!(v.get("a").and_then(Value::as_f64), Some(2.5));
        assert_eq!(v.get("a").and_then(Value::as_u64), None);
        assert_eq!(
            v.get("b"),
            Some(&Value::Array(vec![Value::Bool(true), Value::Null]))
        );
    }

    #[test]
    fn objects_are_written_in_order() {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .uint("schema", 2)
            .str("name", "a \"b\"\n")
            .opt_str("focus", None)
            .millis("updated_ms", 1.5e12)
            .bool("contribution", false)
            .raw("list", |o| o.push_str("[]"))
            .end();
        assert_eq!(
            out,
            r#"{"schema":2,"name":"a \"b\"\n","focus":null,"updated_ms":1500000000000,"contribution":false,"list":[]}"#
        );
        assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
    }
}
