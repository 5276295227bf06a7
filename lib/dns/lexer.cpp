#include "lib/dns/lexer.hpp"

#include "lib/dns/error.hpp"

namespace dnsclay::dns {
namespace {
bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}
} // namespace

bool Lexer::next(Entry& entry) {
    entry = Entry{};
    int depth = 0;
    std::size_t paren_line = 0, paren_col = 0;
    bool at_line_start = true;
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        std::size_t col = pos_ - line_start_ + 1;
        if (c == '\n') {
            ++pos_;
            ++line_;
            line_start_ = pos_;
            at_line_start = true;
            if (depth == 0 && !entry.tokens.empty()) return true;
            continue;
        }
        if (is_blank(c)) {
            if (at_line_start && depth == 0 && entry.tokens.empty()) entry.owner_omitted = true;
            at_line_start = false;
            ++pos_;
            continue;
        }
        if (at_line_start && depth == 0 && entry.tokens.empty()) entry.owner_omitted = false;
        at_line_start = false;
        if (c == ';') {
            while (pos_ < text_.size() && text_[pos_] != '\n')
                ++pos_;
            continue;
        }
        if (c == '(') {
            if (depth == 0) paren_line = line_, paren_col = col;
            ++depth;
            ++pos_;
            continue;
        }
        if (c == ')') {
            if (depth == 0)
                throw TextError("closing parenthesis without an opening one", line_, col);
            --depth;
            ++pos_;
            continue;
        }
        if (entry.tokens.empty()) entry.line = line_;
        Token tok;
        tok.line = line_;
        tok.column = col;
        if (c == '"') {
            tok.quoted = true;
            ++pos_;
            while (true) {
                if (pos_ >= text_.size() || text_[pos_] == '\n')
                    throw TextError("quoted string not closed before the end of the line", line_,
                                    col);
                char q = text_[pos_];
                if (q == '"') {
                    ++pos_;
                    break;
                }
                if (q == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n') {
                    tok.text.push_back(q);
                    ++pos_;
                }
                tok.text.push_back(text_[pos_]);
                ++pos_;
            }
        } else {
            while (pos_ < text_.size()) {
                char u = text_[pos_];
                if (is_blank(u) || u == '\n' || u == ';' || u == '(' || u == ')' || u == '"') break;
                if (u == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n') {
                    tok.text.push_back(u);
                    ++pos_;
                }
                tok.text.push_back(text_[pos_]);
                ++pos_;
            }
        }
        entry.tokens.push_back(std::move(tok));
    }
    if (depth != 0)
        throw TextError("parenthesis opened here is never closed", paren_line, paren_col);
    return !entry.tokens.empty();
}

std::vector<Token> tokenize(std::string_view text) {
    Lexer lexer(text);
    std::vector<Token> out;
    Entry entry;
    while (lexer.next(entry))
        for (auto& t : entry.tokens)
            out.push_back(std::move(t));
    return out;
}

} // namespace dnsclay::dns
