fn main() {
    twir_editor::start();
}
