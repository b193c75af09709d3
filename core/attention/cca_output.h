#pragma once

namespace cb {

// Where a fast CCA path writes its result. OverQueries is for a caller whose queries die with the
// call (a layer's forward without gradients): the output takes q's storage, so the call allocates
// no L x H x D tensor of its own, and q's values are gone afterwards. q must share no storage with
// k or v, which other query blocks still read; ccaAttentionOverQueries checks that before asking.
enum class CcaOutput { Fresh, OverQueries };

}  // namespace cb
