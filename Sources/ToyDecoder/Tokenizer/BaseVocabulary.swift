/// The fixed part of the toy vocabulary, in id order after the special tokens.
///
/// One token per Unicode scalar keeps the mapping obvious on screen: "今天天气" is four tokens,
/// one block slot each. The CJK set covers the characters of kvviz's Chinese teaching text and
/// everyday words, so the walkthroughs' sentences tokenize without `<unk>`.
enum BaseVocabulary {
    /// Special tokens, ids 0, 1, 2.
    static let specialTokens = ["<unk>", "<bos>", "<eos>"]

    /// Newline, then printable ASCII from space (0x20) to tilde (0x7E).
    static var asciiScalars: [Unicode.Scalar] {
        ["\n"] + (UInt32(0x20)...UInt32(0x7E)).compactMap { Unicode.Scalar($0) }
    }

    /// Full-width and typographic punctuation used in Chinese and English text.
    static let punctuation = "，。！？、：；“”‘’（）《》【】…—·～×•"

    /// Common CJK characters, about 40 per line.
    static let cjkCharacters = [
        "计算的存用分个理度重成显新长缓生使配次预要块型是解一每加题不数和中需入有时问部大",
        "小多少浪费方序列模请求管增化关过果后输下天所比读碎片本作实最复速对自只续注意量案",
        "到全状如可程概念历史结于文在力处再间会决形储式并示例取能单态际阶段密集章将详细原",
        "核心键为什么回归特点今气很权从倍层维值批整占了挑战动传统更空内连定介绍这优引推避",
        "免好己与累杂思来接约无据构开释义头或代码当前完公参精同布激活等发随我们行严留外按",
        "固减性效步操件表看现言技术之它通著提升至然其继户又没都析工想观察改变起直图基合含",
        "添获简版节省视着始知道终策略运闲就远放非以率高逐循环出轮两写访相位置功池口览缀逻",
        "辑物映射降线主消耗断联考而支持限上面临额让你他她人世界明年月日水火山手说话学习书",
        "字吃饭喝茶走路去快慢低短旧早晚春夏秋冬风雨雪云花草树木鸟鱼猫狗家国朋友老师答谢见",
        "错真假东西南北左右里页享制哈希驱逐抢调令牌槽命未删除满空闲",
    ].joined()

    /// Every base scalar in id order (specials excluded), each once.
    static var scalars: [Unicode.Scalar] {
        var seen = Set<Unicode.Scalar>()
        let all = asciiScalars + Array(punctuation.unicodeScalars) + Array(cjkCharacters.unicodeScalars)
        return all.filter { seen.insert($0).inserted }
    }
}
