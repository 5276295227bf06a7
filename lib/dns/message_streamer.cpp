// Splitting a long answer (AXFR, RFC 5936 §2.2) over several messages as records arrive.
#include "lib/dns/message_wire.hpp"

namespace dnsclay::dns {

MessageStreamer::MessageStreamer(const Message& header_template, std::size_t max_size,
                                 std::size_t reserve, Emit emit)
    : template_(header_template), max_size_(max_size), emit_(std::move(emit)) {
    // Only the header, question and OPT of the template are repeated in every message.
    template_.answers.clear();
    template_.authorities.clear();
    template_.additionals.clear();
    template_.tsig.reset();
    std::size_t kept = reserve + (template_.edns ? detail::opt_size(*template_.edns) : 0);
    limit_ = max_size > kept ? max_size - kept : 0;
    start_message();
}

void MessageStreamer::start_message() {
    writer_.clear();
    // Room for a whole message and what the emitter appends (the `reserve`d TSIG record) at
    // once: grown step by step, a transfer spent much of its time copying and faulting in pages.
    writer_.data().reserve(max_size_);
    detail::write_header(writer_, template_, template_.tc);
    for (const auto& q : template_.questions)
        detail::write_question(writer_, q);
    count_ = 0;
}

void MessageStreamer::add(const Record& record) {
    std::size_t mark = writer_.size();
    detail::write_record(writer_, record, true);
    // Every message takes at least one record: one bigger than the limit goes out alone
    // rather than never.
    if (count_ > 0 && (writer_.size() > limit_ || count_ == 0xffff)) {
        writer_.truncate(mark);
        flush();
        start_message();
        detail::write_record(writer_, record, true);
    }
    ++count_;
}

void MessageStreamer::finish() {
    flush();
    start_message();
}

void MessageStreamer::flush() {
    detail::SectionCounts counts;
    counts.questions = static_cast<std::uint16_t>(template_.questions.size());
    counts.answers = count_;
    if (template_.edns) {
        detail::write_opt(writer_, *template_.edns, template_.rcode);
        counts.additionals = 1;
    }
    detail::patch_counts(writer_, counts);
    emit_(writer_.take());
    ++emitted_;
}

} // namespace dnsclay::dns
